// add_check: a CHECK constraint, over one column or several, added without blocking writes for
// a scan, with an optional `up` that fixes the rows (and the old version's writes) that break it.
//
// expand    with `up`: a trigger that, on the old version's writes of a row that breaks the check,
//           sets the `up` columns from their expressions; ADD CONSTRAINT ... CHECK NOT VALID
//           (new rows are checked at once; a short ACCESS EXCLUSIVE, no scan); with `up`: a
//           batched backfill of the rows that break it; VALIDATE CONSTRAINT (the scan, under
//           SHARE UPDATE EXCLUSIVE: writes go on)
// contract  drop the trigger
// rollback  drop the trigger and the constraint (values the backfill fixed stay fixed)
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

struct Fix {
  std::string column;    // visible name
  sql::Spliceable expr;  // in visible column names
};

class AddCheck final : public Operation {
 public:
  std::string table;
  std::string name;
  sql::Spliceable check;  // in visible column names
  std::vector<Fix> up;    // fills the columns of rows that break the check

  std::vector<Target> targets() const override {
    std::vector<Target> out;
    for (const Fix& f : up) {
      out.push_back({table, f.column});
    }
    if (out.empty()) {
      out.push_back({table, ""});
    }
    return out;
  }

  Status check_columns(Table& tbl, const Env& env, const sql::Spliceable& expr,
                       const std::string& what) const {
    auto cols = sql::expression_columns(expr.sql());
    if (!cols) {
      return error(env, what + " " + cols.status().message());
    }
    for (const std::string& c : *cols) {
      if (!tbl.column(c)) {
        return error(env, fmt::format("{} names column \"{}\", which does not exist on table "
                                      "\"{}\"",
                                      what, c, tbl.name));
      }
    }
    return Status::ok();
  }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    const bool exists = tbl.constraint(name) != nullptr;
    if (exists && !env.replaying) {
      return error(env,
                   fmt::format("constraint \"{}\" already exists on table \"{}\"", name, tbl.name));
    }
    PGSHIFT_TRY(check_columns(tbl, env, check, "\"check\""));
    for (const Fix& f : up) {
      auto c = existing_column(tbl, env, f.column);
      if (!c) {
        return c.status();
      }
      PGSHIFT_TRY(check_columns(tbl, env, f.expr, fmt::format("\"up\" of \"{}\"", f.column)));
    }
    if (!exists) {
      tbl.constraints.push_back({name, 'c', *sql::expression_columns(check.sql())});
    }
    return Status::ok();
  }

  // The check and the `up` expressions in the table's physical column names.
  static sql::Spliceable physical(const Table& t, const sql::Spliceable& expr) {
    return *sql::rename_columns(expr, t.physical_names());
  }

  bool fixes(const Table& before) const { return !up.empty() && !before.created; }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string t = env.qualified(before.physical);
    const std::string cond = physical(before, check).sql();
    std::string sql;
    std::vector<Lock> locks{{before.physical, sql::LockLevel::access_exclusive}};
    if (fixes(before)) {
      // The trigger reads the row by its physical column names, as the expressions now do.
      Table shape = before;
      for (Column& c : shape.columns) {
        c.name = c.physical;
      }
      std::vector<gen::Assignment> set;
      for (const Fix& f : up) {
        gen::Assignment a;
        a.target = before.column(f.column)->physical;
        a.expr = physical(before, f.expr);
        a.only_if = "NOT " + cond;
        set.push_back(std::move(a));
      }
      sql = gen::dual_write_trigger(env, ordinal, "check", shape, shape, set, {}) + ";\n";
    }
    // NOT VALID: no scan under the ACCESS EXCLUSIVE lock; rows written from now on are checked.
    sql += gen::when(
        "NOT " + gen::constraint_exists(env, before.physical, name),
        fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK {} NOT VALID", t, gen::q(name), cond));
    out.sql(type(), std::move(sql),
            fixes(before) ? "ALTER TABLE ADD CONSTRAINT CHECK NOT VALID + trigger"
                          : "ALTER TABLE ADD CONSTRAINT CHECK NOT VALID",
            locks);
    if (fixes(before)) {
      std::string set;
      for (const Fix& f : up) {
        set +=
            fmt::format("{}{} = {}", set.empty() ? "" : ", ",
                        gen::q(before.column(f.column)->physical), physical(before, f.expr).sql());
      }
      out.backfill("backfill", before.physical, std::move(set), "NOT " + cond);
    }
    out.sql("validate", fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", t, gen::q(name)),
            "ALTER TABLE VALIDATE CONSTRAINT",
            {{before.physical, sql::LockLevel::share_update_exclusive}}, true);
  }

  void contract(const Models& m, Steps& out) const override {
    const Table& before = *m.before.table(table);
    if (fixes(before)) {
      out.sql(type(), gen::drop_trigger(out.env(), ordinal, "check", before.physical),
              "DROP TRIGGER", {{before.physical, sql::LockLevel::access_exclusive}});
    }
  }

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    std::string sql;
    if (fixes(before)) {
      sql = gen::drop_trigger(env, ordinal, "check", before.physical) + ";\n";
    }
    sql += fmt::format("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                       env.qualified(before.physical), gen::q(name));
    out.sql(type(), std::move(sql), "ALTER TABLE DROP CONSTRAINT",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<AddCheck>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("name", op->name));
  PGSHIFT_TRY(f.fragment("check", sql::Fragment::condition, op->check));
  Status st;
  const core::TomlNode* up = f.table("up", st);
  PGSHIFT_TRY(st);
  if (up) {
    if (up->fields.empty()) {
      return f.error(*up, "\"up\" must name at least one column: up = { column = \"expr\" }");
    }
    for (const auto& [column, value] : up->fields) {
      if (column.empty() || column.size() > 63 || column.find('\0') != std::string::npos) {
        return f.error(value, fmt::format("\"up\": \"{}\" is not a column name", column));
      }
      Fix fix{column, {}};
      PGSHIFT_TRY(f.fragment_of(value, fmt::format("\"up\" of \"{}\"", column),
                                sql::Fragment::expression, fix.expr));
      op->up.push_back(std::move(fix));
    }
  }
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind add_check{"add_check",
                            "add a CHECK constraint (NOT VALID, then VALIDATE); `up` fixes rows "
                            "that break it",
                            &read};
}  // namespace kinds

}  // namespace pgshift::ops
