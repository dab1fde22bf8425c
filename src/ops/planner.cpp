#include "ops/planner.hpp"

#include <fmt/format.h>

#include "core/position.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

Status check_schema(const OpsFile& file, const Model& model) {
  if (model.schema != file.schema) {
    return core::input_error(
        file.path, {1, 1},
        fmt::format("planned against schema \"{}\" instead of \"{}\"", model.schema, file.schema));
  }
  return Status::ok();
}

void append(std::vector<exec::Step>& to, Steps& steps) {
  for (auto& s : steps.take()) {
    to.push_back(std::move(s));
  }
}

}  // namespace

Status replay(const OpsFile& file, Model& model) {
  PGSHIFT_TRY(check_schema(file, model));
  Env env = file.env();
  env.replaying = true;
  for (const auto& op : file.operations) {
    PGSHIFT_TRY(op->apply(model, env));
  }
  return Status::ok();
}

Result<MigrationPlan> plan_migration(const OpsFile& file, const Model& current,
                                     int server_version) {
  PGSHIFT_TRY(check_schema(file, current));
  const Env env = file.env(server_version);
  std::vector<Model> models{current};
  for (const auto& op : file.operations) {
    Model next = models.back();
    PGSHIFT_TRY(op->apply(next, env));
    models.push_back(std::move(next));
  }
  MigrationPlan plan;
  plan.schema = file.schema;
  plan.version_schema = env.version_schema;
  plan.end = models.back();
  const Model& start = models.front();
  const int last = static_cast<int>(file.operations.size()) + 1;

  Steps first(env, "expand", 0, 1);
  first.sql("version_schema", gen::create_version_schema(env), "CREATE SCHEMA + direction function",
            {});
  append(plan.expand, first);
  for (std::size_t i = 0; i < file.operations.size(); ++i) {
    const Operation& op = *file.operations[i];
    const Models m{start, models[i], models[i + 1], plan.end};
    Steps expand(env, "expand", op.ordinal, op.pos.line);
    op.expand(m, expand);
    append(plan.expand, expand);
    Steps contract(env, "contract", op.ordinal, op.pos.line);
    op.contract(m, contract);
    append(plan.contract, contract);
  }
  Steps views(env, "expand", last, 1);
  views.sql("views", gen::create_views(env, plan.end), "CREATE VIEW (the version schema)", {});
  append(plan.expand, views);

  Steps cleanup(env, "contract", last, 1);
  cleanup.sql("functions", gen::drop_functions(env.version_schema),
              "DROP FUNCTION (the version schema's)", {});
  append(plan.contract, cleanup);

  Steps unviews(env, "rollback", last, 1);
  unviews.sql("views", gen::drop_views(env.version_schema), "DROP VIEW (the version schema)", {});
  append(plan.rollback, unviews);
  for (std::size_t i = file.operations.size(); i-- > 0;) {
    const Operation& op = *file.operations[i];
    const Models m{start, models[i], models[i + 1], plan.end};
    Steps rollback(env, "rollback", op.ordinal, op.pos.line);
    op.rollback(m, rollback);
    append(plan.rollback, rollback);
  }
  Steps drop(env, "rollback", 0, 1);
  // CASCADE: the functions left in it; SET LOCAL keeps the NOTICE that lists them quiet.
  drop.sql("version_schema",
           "SET LOCAL client_min_messages = warning;\nDROP SCHEMA IF EXISTS " +
               gen::q(env.version_schema) + " CASCADE",
           "DROP SCHEMA", {});
  append(plan.rollback, drop);
  return plan;
}

}  // namespace pgshift::ops
