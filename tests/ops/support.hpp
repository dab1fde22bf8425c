// Helpers for the operations' unit tests: files from text, a small hand-built schema model, and
// finding steps of a plan.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "ops/file.hpp"
#include "ops/planner.hpp"

namespace pgshift::ops::test {

// A migration source for `toml`, as discovery would give it (12_change.toml).
core::MigrationSource source(const std::string& toml, const std::string& version = "12",
                             const std::string& name = "change");

// Reads `toml`; fails the test case when it does not read.
OpsFile read(const std::string& toml);
// The error message reading `toml` gives (fails the test case when it reads).
std::string read_error(const std::string& toml);

// public.users (id bigint PK, name text NOT NULL, email text, age integer DEFAULT 0) and
// public.orgs (id bigint PK, title text), with users_email_idx on users(email) and the
// constraint users_age_check.
Model sample_model();

// Plans `toml` against sample_model(); fails the test case when it does not plan.
MigrationPlan plan(const std::string& toml);
// The error message planning `toml` gives.
std::string plan_error(const std::string& toml);

// The SQL of every step of `steps`, joined: for "contains" checks.
std::string all_sql(const std::vector<exec::Step>& steps);
// The step whose id ends with `suffix`, or null.
const exec::Step* step(const std::vector<exec::Step>& steps, const std::string& suffix);

// Does `text` contain `part` once identifiers' double quotes are taken out of `text`? (Every
// identifier pgshift generates is quoted; the checks read better without the quotes.)
inline bool has(const std::string& text, const std::string& part) {
  std::string plain;
  for (char c : text) {
    if (c != '"') {
      plain.push_back(c);
    }
  }
  return plain.find(part) != std::string::npos || text.find(part) != std::string::npos;
}

}  // namespace pgshift::ops::test
