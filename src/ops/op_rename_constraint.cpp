// rename_constraint: the constraint takes its new name at contract.
//
// expand    nothing: a constraint's name is not part of either version's shape
// contract  RENAME CONSTRAINT, guarded by the old name's existence (a short ACCESS EXCLUSIVE; a
//           unique constraint's index is renamed with it)
// rollback  nothing
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class RenameConstraint final : public Operation {
 public:
  std::string table;
  std::string from;
  std::string to;

  std::vector<Target> targets() const override { return {{table, ""}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    auto found = existing_constraint(tbl, env, from);
    if (!found) {
      return found.status();
    }
    // A unique, primary key or exclusion constraint renames its index: a schema-wide name.
    const char kind = (*found)->kind;
    const bool owns_index = kind == 'u' || kind == 'p' || kind == 'x';
    if (tbl.constraint(to) || (owns_index && model.has_relation(to))) {
      return error(env, fmt::format("the name \"{}\" is already taken (constraint \"{}\" cannot "
                                    "be renamed to it)",
                                    to, from));
    }
    for (Constraint& c : tbl.constraints) {
      c.name = c.name == from ? to : c.name;
    }
    if (owns_index) {
      for (Index& x : tbl.indexes) {
        x.name = x.name == from ? to : x.name;
      }
    }
    return Status::ok();
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    out.sql(type(),
            gen::when(gen::constraint_exists(env, before.physical, from),
                      fmt::format("ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                                  env.qualified(before.physical), gen::q(from), gen::q(to))),
            "ALTER TABLE RENAME CONSTRAINT", {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<RenameConstraint>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.rename(op->from, op->to));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind rename_constraint{"rename_constraint", "rename a constraint (at contract)",
                                    &read};
}  // namespace kinds

}  // namespace pgshift::ops
