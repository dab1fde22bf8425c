// Fuzz target: operations files (`<version>_<name>.toml`): ops::read_ops_file (TOML, fields,
// SQL fragments, conflicts), then ops::plan_migration against a small schema model.
//
// Input: the text of an operations file. Property: the SQL of every step a plan generates
// parses (user fragments are checked before they are spliced in).
#include "core/discovery.hpp"
#include "fuzz.hpp"
#include "ops/file.hpp"
#include "ops/planner.hpp"
#include "sql/parse.hpp"

using namespace pgshift;

namespace {

// public.users (id bigint PK, name text NOT NULL, email text, age integer DEFAULT 0) with an
// index and a check constraint, and public.orgs (id bigint PK, title text).
ops::Model model() {
  ops::Model m;
  m.schema = "public";
  ops::Table users;
  users.name = users.physical = "users";
  users.columns = {{"id", "id", "bigint", false, std::nullopt, std::nullopt},
                   {"name", "name", "text", false, std::nullopt, std::nullopt},
                   {"email", "email", "text", true, std::nullopt, std::nullopt},
                   {"age", "age", "integer", true, std::string("0"), std::nullopt}};
  users.primary_key = {"id"};
  users.constraints = {{"users_pkey", 'p', {"id"}}, {"users_age_check", 'c', {"age"}}};
  users.indexes = {{"users_pkey", {"id"}, true}, {"users_email_idx", {"email"}, false}};
  ops::Table orgs;
  orgs.name = orgs.physical = "orgs";
  orgs.columns = {{"id", "id", "bigint", false, std::nullopt, std::nullopt},
                  {"title", "title", "text", true, std::nullopt, std::nullopt}};
  orgs.primary_key = {"id"};
  orgs.constraints = {{"orgs_pkey", 'p', {"id"}}};
  orgs.indexes = {{"orgs_pkey", {"id"}, true}};
  m.tables = {users, orgs};
  return m;
}

void check_steps(const std::vector<exec::Step>& steps) {
  for (const auto& step : steps) {
    if (step.sql.empty()) {
      continue;
    }
    core::Section s;
    s.path = step.id;
    s.text = step.sql;
    auto parsed = sql::parse_section(s);
    fuzz::expect(parsed.is_ok(), "a generated statement parses",
                 step.sql + "\n" + (parsed ? std::string() : parsed.status().message()));
    fuzz::expect(!parsed->empty(), "a generated step is not empty", step.sql);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::k_max_input) {
    return -1;
  }
  core::MigrationSource source;
  source.version = "12";
  source.name = "change";
  source.form = core::FileForm::operations;
  source.path = "m/12_change.toml";
  source.toml_text = fuzz::text_of(data, size);
  auto file = ops::read_ops_file(source);
  if (!file) {
    fuzz::expect_one_line_error(file.status().message());
    fuzz::expect(file.status().message().rfind("m/12_change.toml", 0) == 0,
                 "an operations file error names the file", file.status().message());
    return 0;
  }
  static const ops::Model current = model();
  auto plan = ops::plan_migration(*file, current, 150000);
  if (!plan) {
    fuzz::expect_one_line_error(plan.status().message());
    return 0;
  }
  check_steps(plan->expand);
  check_steps(plan->contract);
  check_steps(plan->rollback);
  return 0;
}
