#include "ops/operation.hpp"

#include <fmt/format.h>

#include "core/position.hpp"

namespace pgshift::ops {

namespace {

template <class Items>
std::string names_of(const Items& items) {
  std::string list;
  for (const auto& item : items) {
    list += (list.empty() ? "" : ", ") + item.name;
  }
  return list.empty() ? "none" : list;
}

}  // namespace

Status Operation::error(const Env& env, const std::string& message) const {
  return core::input_error(env.path, pos, std::string(type()) + ": " + message);
}

Result<Table*> Operation::existing_table(Model& model, const Env& env,
                                         const std::string& name) const {
  if (Table* t = model.table(name)) {
    return t;
  }
  return error(env,
               fmt::format("table \"{}\" does not exist in schema \"{}\"", name, model.schema));
}

Result<Column*> Operation::existing_column(Table& table, const Env& env,
                                           const std::string& name) const {
  if (Column* c = table.column(name)) {
    return c;
  }
  return error(env, fmt::format("column \"{}\" does not exist on table \"{}\" (it has: {})", name,
                                table.name, names_of(table.columns)));
}

Result<const Constraint*> Operation::existing_constraint(const Table& table, const Env& env,
                                                         const std::string& name) const {
  if (const Constraint* k = table.constraint(name)) {
    return k;
  }
  return error(env, fmt::format("constraint \"{}\" does not exist on table \"{}\" (it has: {})",
                                name, table.name, names_of(table.constraints)));
}

Status Operation::free_column(const Table& table, const Env& env, const std::string& name) const {
  if (table.column(name)) {
    return error(env,
                 fmt::format("column \"{}\" already exists on table \"{}\"", name, table.name));
  }
  return Status::ok();
}

Status Operation::free_relation(const Model& model, const Env& env, const std::string& name) const {
  if (model.has_relation(name)) {
    return error(env, fmt::format("a table, index or constraint named \"{}\" already exists in "
                                  "schema \"{}\"",
                                  name, model.schema));
  }
  return Status::ok();
}

}  // namespace pgshift::ops
