// rename_column: the new version sees the column under its new name; the table keeps the old
// one until contract.
//
// expand    nothing in the table: the version schema's view shows "old" AS "new"
// contract  RENAME COLUMN (a short ACCESS EXCLUSIVE; views follow the column, not its name)
// rollback  nothing (the view goes with the version schema)
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class RenameColumn final : public Operation {
 public:
  std::string table;
  std::string from;
  std::string to;

  std::vector<Target> targets() const override { return {{table, from}, {table, to}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    auto c = existing_column(*t, env, from);
    if (!c) {
      return c.status();
    }
    PGSHIFT_TRY(free_column(*t, env, to));
    (*c)->name = to;
    for (auto& k : t->primary_key) {
      k = k == from ? to : k;
    }
    for (auto* list : {&t->constraints}) {
      for (auto& con : *list) {
        for (auto& col : con.columns) {
          col = col == from ? to : col;
        }
      }
    }
    for (auto& idx : t->indexes) {
      for (auto& col : idx.columns) {
        col = col == from ? to : col;
      }
    }
    return Status::ok();
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string& phys = before.column(from)->physical;
    out.sql(type(),
            gen::when(gen::column_exists(env, before.physical, phys),
                      fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}",
                                  env.qualified(before.physical), gen::q(phys), gen::q(to))),
            "ALTER TABLE RENAME COLUMN", {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<RenameColumn>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.rename(op->from, op->to));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind rename_column{"rename_column", "rename a column (the table's at contract)",
                                &read};
}  // namespace kinds

}  // namespace pgshift::ops
