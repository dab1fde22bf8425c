// A lint finding: one violation of one rule at one place in one migration file, complete
// enough for every reporter (text, JSON, GitHub annotations, gcc) to render it without going
// back to the SQL.
#pragma once

#include "pgshift/lint.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace pgshift::lint {

// Errors refuse `up` (exit 3) unless --allow-unsafe; warnings are reported and never block.
// The public API's severity (pgshift/lint.hpp): one enum for the engine and its callers.
using Severity = LintSeverity;

// A table as written in the SQL: schema empty when unqualified (then read as "public").
struct TableRef {
  std::string schema;
  std::string name;
  // "users" or "app.users", for messages (callers add the double quotes).
  std::string display() const;
  // "public.users": the key of Facts::tables and of created-table checks.
  std::string key() const;
};

struct Finding {
  std::string rule;  // "adding-field-with-default"
  Severity severity = Severity::error;
  std::string path;  // the file, as the section names it (never made absolute here)
  int line = 1;      // 1-based, in the file
  int column = 1;    // 1-based, in characters
  // Lowercase, no trailing period, names in double quotes (STYLE §8):
  // `adding column "token" with a volatile default (gen_random_uuid) rewrites table "users"`.
  // The engine prefixes it with the table's size when facts show a big table.
  std::string message;
  // The lock the statement takes, `ACCESS EXCLUSIVE on "users"`; empty when none matters.
  std::string lock;
  // The safe alternative, naming the pgshift directive or operation that does it where one
  // exists; empty when there is none.
  std::string help;
  // Why the severity differs from the rule's default (`table "users" is created earlier in
  // this run`); empty when it does not.
  std::string note;
  // The statement the finding is about (index in the file), or nullopt for a finding about
  // the file itself (unused-ignore): `-- pgshift:lint-ignore` above that statement suppresses it.
  std::optional<std::size_t> statement;
  // Set by rules whose hazard exists only because the table already holds rows and serves
  // clients. The engine then drops the finding when the same file created the table earlier,
  // downgrades it to a warning when an earlier file of the run created it or facts show fewer
  // than Config::small_table_rows rows, and names the size when facts show a big table.
  std::optional<TableRef> table;
};

}  // namespace pgshift::lint
