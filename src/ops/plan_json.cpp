#include "ops/plan_json.hpp"

#include <nlohmann/json.hpp>

namespace pgshift::ops {

using nlohmann::json;

namespace {

constexpr int k_format = 1;

json step_json(const exec::Step& s) {
  json locks = json::array();
  for (const auto& l : s.effects.locks) {
    locks.push_back({{"schema", l.schema}, {"name", l.name}, {"level", static_cast<int>(l.level)}});
  }
  json j{{"id", s.id},
         {"sql", s.sql},
         {"path", s.path},
         {"line", s.line},
         {"checksum", s.checksum},
         {"action", s.effects.action},
         {"scans", s.effects.scans},
         {"rewrites", s.effects.rewrites},
         {"concurrently", s.effects.concurrently},
         {"locks", locks}};
  if (s.concurrent_index) {
    const auto& t = *s.concurrent_index;
    j["index"] = {
        {"op", static_cast<int>(t.op)},     {"schema", t.schema},         {"name", t.name},
        {"if_not_exists", t.if_not_exists}, {"missing_ok", t.missing_ok}, {"unique", t.unique}};
  }
  if (s.batch) {
    const auto& b = s.batch->target;
    j["batch"] = {{"schema", b.schema},
                  {"table", b.table},
                  {"set", b.set_sql},
                  {"where", b.where_sql},
                  {"remove", b.remove}};
  }
  return j;
}

exec::Step step_from(const json& j) {
  exec::Step s;
  s.id = j.at("id").get<std::string>();
  s.sql = j.at("sql").get<std::string>();
  s.path = j.at("path").get<std::string>();
  s.line = j.at("line").get<int>();
  s.checksum = j.at("checksum").get<std::string>();
  s.effects.action = j.at("action").get<std::string>();
  s.effects.scans = j.at("scans").get<bool>();
  s.effects.rewrites = j.at("rewrites").get<bool>();
  s.effects.concurrently = j.at("concurrently").get<bool>();
  for (const auto& l : j.at("locks")) {
    s.effects.locks.push_back(
        sql::RelationLock{l.at("schema").get<std::string>(), l.at("name").get<std::string>(),
                          static_cast<sql::LockLevel>(l.at("level").get<int>())});
  }
  if (j.contains("index")) {
    const auto& i = j.at("index");
    sql::IndexTarget t;
    t.op = static_cast<sql::IndexTarget::Op>(i.at("op").get<int>());
    t.schema = i.at("schema").get<std::string>();
    t.name = i.at("name").get<std::string>();
    t.if_not_exists = i.at("if_not_exists").get<bool>();
    t.missing_ok = i.at("missing_ok").get<bool>();
    t.unique = i.at("unique").get<bool>();
    s.concurrent_index = t;
  }
  if (j.contains("batch")) {
    const auto& b = j.at("batch");
    exec::BatchStep step;
    step.target.schema = b.at("schema").get<std::string>();
    step.target.table = b.at("table").get<std::string>();
    step.target.set_sql = b.at("set").get<std::string>();
    step.target.where_sql = b.at("where").get<std::string>();
    step.target.remove = b.at("remove").get<bool>();
    s.batch = step;
  }
  return s;
}

json steps_json(const std::vector<exec::Step>& steps) {
  json out = json::array();
  for (const auto& s : steps) {
    out.push_back(step_json(s));
  }
  return out;
}

std::vector<exec::Step> steps_from(const json& j) {
  std::vector<exec::Step> out;
  for (const auto& s : j) {
    out.push_back(step_from(s));
  }
  return out;
}

}  // namespace

std::string plan_to_json(const MigrationPlan& plan) {
  return json{{"format", k_format},
              {"schema", plan.schema},
              {"version_schema", plan.version_schema},
              {"expand", steps_json(plan.expand)},
              {"contract", steps_json(plan.contract)},
              {"rollback", steps_json(plan.rollback)}}
      .dump();
}

Result<MigrationPlan> plan_from_json(const std::string& text) {
  try {
    json j = json::parse(text);
    if (j.at("format").get<int>() != k_format) {
      return Status::error(Code::failed, "stored plan has an unknown format");
    }
    MigrationPlan plan;
    plan.schema = j.at("schema").get<std::string>();
    plan.version_schema = j.at("version_schema").get<std::string>();
    plan.expand = steps_from(j.at("expand"));
    plan.contract = steps_from(j.at("contract"));
    plan.rollback = steps_from(j.at("rollback"));
    return plan;
  } catch (const json::exception& e) {
    return Status::error(Code::failed, std::string("cannot read the stored plan: ") + e.what());
  }
}

}  // namespace pgshift::ops
