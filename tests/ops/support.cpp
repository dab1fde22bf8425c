#include "support.hpp"

namespace pgshift::ops::test {

core::MigrationSource source(const std::string& toml, const std::string& version,
                             const std::string& name) {
  core::MigrationSource s;
  s.version = version;
  s.name = name;
  s.form = core::FileForm::operations;
  s.path = "m/" + version + "_" + name + ".toml";
  s.toml_text = toml;
  return s;
}

OpsFile read(const std::string& toml) {
  auto f = read_ops_file(source(toml));
  REQUIRE_MESSAGE(f, f.status().message());
  return std::move(f).value();
}

std::string read_error(const std::string& toml) {
  auto f = read_ops_file(source(toml));
  REQUIRE_FALSE(f);
  return f.status().message();
}

Model sample_model() {
  Model m;
  m.schema = "public";
  Table users;
  users.name = users.physical = "users";
  users.columns = {{"id", "id", "bigint", false, std::nullopt, std::nullopt},
                   {"name", "name", "text", false, std::nullopt, std::nullopt},
                   {"email", "email", "text", true, std::nullopt, std::nullopt},
                   {"age", "age", "integer", true, std::string("0"), std::nullopt}};
  users.primary_key = {"id"};
  users.constraints = {{"users_pkey", 'p', {"id"}}, {"users_age_check", 'c', {"age"}}};
  users.indexes = {{"users_pkey", {"id"}, true}, {"users_email_idx", {"email"}, false}};
  Table orgs;
  orgs.name = orgs.physical = "orgs";
  orgs.columns = {{"id", "id", "bigint", false, std::nullopt, std::nullopt},
                  {"title", "title", "text", true, std::nullopt, std::nullopt}};
  orgs.primary_key = {"id"};
  orgs.constraints = {{"orgs_pkey", 'p', {"id"}}};
  orgs.indexes = {{"orgs_pkey", {"id"}, true}};
  m.tables = {users, orgs};
  return m;
}

MigrationPlan plan(const std::string& toml) {
  OpsFile f = read(toml);
  auto p = plan_migration(f, sample_model(), 150000);
  REQUIRE_MESSAGE(p, p.status().message());
  return std::move(p).value();
}

std::string plan_error(const std::string& toml) {
  OpsFile f = read(toml);
  auto p = plan_migration(f, sample_model(), 150000);
  REQUIRE_FALSE(p);
  return p.status().message();
}

std::string all_sql(const std::vector<exec::Step>& steps) {
  std::string out;
  for (const auto& s : steps) {
    out += s.sql + ";\n";
  }
  return out;
}

const exec::Step* step(const std::vector<exec::Step>& steps, const std::string& suffix) {
  for (const auto& s : steps) {
    if (s.id.size() >= suffix.size() &&
        s.id.compare(s.id.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace pgshift::ops::test
