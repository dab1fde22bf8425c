// drop_constraint: the new version no longer has the constraint; the old version still relies
// on it, so it stays enforced until complete.
//
// expand    nothing: the constraint keeps checking every write, the new version's included
// contract  DROP CONSTRAINT IF EXISTS (a short ACCESS EXCLUSIVE; a unique constraint's index
//           goes with it)
// rollback  nothing
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class DropConstraint final : public Operation {
 public:
  std::string table;
  std::string name;

  std::vector<Target> targets() const override { return {{table, ""}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    auto found = existing_constraint(tbl, env, name);
    if (!found) {
      return found.status();
    }
    const Constraint* k = *found;
    if (k->kind == 'p') {
      return error(env, fmt::format("constraint \"{}\" is the primary key of table \"{}\": "
                                    "pgshift does not drop primary keys (use raw_sql)",
                                    name, tbl.name));
    }
    const bool owns_index = k->kind == 'u' || k->kind == 'x';
    std::erase_if(tbl.constraints, [&](const Constraint& c) { return c.name == name; });
    if (owns_index) {
      std::erase_if(tbl.indexes, [&](const Index& x) { return x.name == name; });
    }
    return Status::ok();
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    out.sql(type(),
            fmt::format("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                        env.qualified(before.physical), gen::q(name)),
            "ALTER TABLE DROP CONSTRAINT", {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<DropConstraint>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("name", op->name));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind drop_constraint{"drop_constraint",
                                  "drop a constraint (enforced until complete, for the old "
                                  "version)",
                                  &read};
}  // namespace kinds

}  // namespace pgshift::ops
