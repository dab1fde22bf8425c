// add_unique: a unique constraint over one column or several, without locking writes out for
// the index build.
//
// expand    CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS (SHARE UPDATE EXCLUSIVE: writes go
//           on; the executor checks the index is valid); ADD CONSTRAINT ... UNIQUE USING INDEX
//           (ACCESS EXCLUSIVE, brief: no scan, the index is already built)
// contract  nothing
// rollback  DROP CONSTRAINT IF EXISTS (it drops the index with it); DROP INDEX CONCURRENTLY IF
//           EXISTS for an index built but never attached
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class AddUnique final : public Operation {
 public:
  std::string table;
  std::string name;
  std::vector<std::string> columns;

  std::vector<Target> targets() const override { return {{table, ""}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    for (const std::string& c : columns) {
      auto col = existing_column(tbl, env, c);
      if (!col) {
        return col.status();
      }
    }
    // Replaying: the index (and constraint) this migration's expand created already exist.
    if (!env.replaying) {
      PGSHIFT_TRY(free_relation(model, env, name));
    }
    if (!tbl.constraint(name)) {
      tbl.constraints.push_back({name, 'u', columns});
    }
    if (!tbl.index(name)) {
      tbl.indexes.push_back({name, columns, true});
    }
    return Status::ok();
  }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string t = env.qualified(before.physical);
    std::string cols;
    for (const std::string& c : columns) {
      cols += (cols.empty() ? "" : ", ") + gen::q(before.column(c)->physical);
    }
    out.create_index("unique_index", name, true,
                     fmt::format("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {} ON {} ({})",
                                 gen::q(name), t, cols),
                     before.physical);
    out.sql(type(),
            gen::when("NOT " + gen::constraint_exists(env, before.physical, name),
                      fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}", t,
                                  gen::q(name), gen::q(name))),
            "ALTER TABLE ADD CONSTRAINT UNIQUE USING INDEX",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void contract(const Models&, Steps&) const override {}

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    out.sql(type(),
            fmt::format("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                        env.qualified(before.physical), gen::q(name)),
            "ALTER TABLE DROP CONSTRAINT", {{before.physical, sql::LockLevel::access_exclusive}});
    out.drop_index("unique_index", name);
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<AddUnique>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("name", op->name));
  PGSHIFT_TRY(f.names("columns", op->columns));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind add_unique{"add_unique",
                             "add a unique constraint over one or more columns (a concurrent "
                             "unique index, then ADD CONSTRAINT USING INDEX)",
                             &read};
}  // namespace kinds

}  // namespace pgshift::ops
