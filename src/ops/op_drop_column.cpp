// drop_column: the new version no longer sees the column; the table keeps it until contract,
// so the old version goes on reading and writing it.
//
// expand    with `down`, a trigger that sets the column from `down` on the new version's writes
//           (the new version cannot name it); otherwise nothing: its inserts get the column's
//           default or NULL
// contract  drop the trigger; DROP COLUMN (a short ACCESS EXCLUSIVE; its indexes and
//           constraints go with it)
// rollback  drop the trigger: the column was never gone
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

class DropColumn final : public Operation {
 public:
  std::string table;
  std::string column;
  std::optional<sql::Spliceable> down;  // the column's value for the new version's writes

  std::vector<Target> targets() const override { return {{table, column}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    auto c = existing_column(tbl, env, column);
    if (!c) {
      return c.status();
    }
    auto has = [&](const std::vector<std::string>& v) {
      return std::find(v.begin(), v.end(), column) != v.end();
    };
    if (has(tbl.primary_key)) {
      return error(env, fmt::format("column \"{}\" is part of the primary key of \"{}\": drop "
                                    "the primary key first, or use raw_sql",
                                    column, table));
    }
    if (!(*c)->nullable && !(*c)->default_sql && !down && !tbl.created) {
      return error(env, fmt::format("column \"{}\" is NOT NULL without a default: the new "
                                    "version's inserts would fail; give \"down\" (an expression "
                                    "over the new version's columns that fills it for them)",
                                    column));
    }
    tbl.columns.erase(std::find_if(tbl.columns.begin(), tbl.columns.end(),
                                   [&](const Column& x) { return x.name == column; }));
    // DROP COLUMN takes the column's indexes and constraints with it.
    std::erase_if(tbl.indexes, [&](const Index& i) { return has(i.columns); });
    std::erase_if(tbl.constraints, [&](const Constraint& k) { return has(k.columns); });
    return Status::ok();
  }

  void expand(const Models& m, Steps& out) const override {
    if (!down) {
      return;
    }
    const Table& before = *m.before.table(table);
    out.sql(type(),
            gen::dual_write_trigger(out.env(), ordinal, column, *m.start.table(table),
                                    *m.after.table(table), {},
                                    {{before.column(column)->physical, *down, false, ""}}),
            "CREATE TRIGGER (fills the column on the new version's writes)",
            {{before.physical, sql::LockLevel::share_row_exclusive}});
  }

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    std::string sql;
    if (down) {
      sql = gen::drop_trigger(env, ordinal, column, before.physical) + ";\n";
    }
    sql += fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}", env.qualified(before.physical),
                       gen::q(before.column(column)->physical));
    out.sql(type(), std::move(sql), "ALTER TABLE DROP COLUMN",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models& m, Steps& out) const override {
    if (!down) {
      return;
    }
    const Table& before = *m.before.table(table);
    out.sql(type(), gen::drop_trigger(out.env(), ordinal, column, before.physical), "DROP TRIGGER",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<DropColumn>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("column", op->column));
  PGSHIFT_TRY(f.optional_fragment("down", sql::Fragment::expression, op->down));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind drop_column{"drop_column",
                              "drop a column (the table's at contract); the new version's "
                              "writes fill it from `down`",
                              &read};
}  // namespace kinds

}  // namespace pgshift::ops
