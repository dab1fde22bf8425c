// change_type: the column gets a new type; the new version sees it at once, the old version
// keeps the old one until contract.
//
// expand    ADD COLUMN under a temporary name of the new type (its default set for new rows
//           only: existing rows are filled from `up`); NOT NULL as CHECK (... IS NOT NULL)
//           NOT VALID; a dual-write trigger (old writes: temp := up, new writes: old := down,
//           on UPDATE only when the writer changed its column);
//           a batched backfill of existing rows from `up`; VALIDATE of the check
// contract  drop the trigger; SET NOT NULL (the validated check spares the scan), drop the
//           check, DROP COLUMN old, RENAME temp TO the column: one short ACCESS EXCLUSIVE
//           transaction
// rollback  drop the trigger and the temporary column
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

bool lists(const std::vector<std::string>& v, const std::string& name) {
  return std::find(v.begin(), v.end(), name) != v.end();
}

class ChangeType final : public Operation {
 public:
  std::string table;
  std::string column;
  sql::Spliceable new_type;
  sql::Spliceable up;    // old value -> new, in the old version's column names
  sql::Spliceable down;  // new value -> old, in the new version's column names
  std::optional<sql::Spliceable> default_sql;

  std::vector<Target> targets() const override { return {{table, column}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    auto c = existing_column(tbl, env, column);
    if (!c) {
      return c.status();
    }
    if (tbl.created) {
      return error(env, fmt::format("table \"{}\" is created by this migration: give column "
                                    "\"{}\" its type in create_table",
                                    table, column));
    }
    // The old column is dropped at contract: what depends on it would go with it (or stop the
    // DROP), and rebuilding it on the new column is a change of its own.
    const std::string instead =
        "drop it in an earlier migration and create it again after this one, or use raw_sql";
    if (lists(tbl.primary_key, column)) {
      return error(env, fmt::format("column \"{}\" is part of the primary key of \"{}\": its type "
                                    "cannot change by a duplicate column; use raw_sql",
                                    column, table));
    }
    for (const Index& i : tbl.indexes) {
      if (lists(i.columns, column)) {
        return error(env,
                     fmt::format("column \"{}\" is in index \"{}\": {}", column, i.name, instead));
      }
    }
    for (const Constraint& k : tbl.constraints) {
      if (lists(k.columns, column)) {
        return error(
            env, fmt::format("column \"{}\" is in constraint \"{}\": {}", column, k.name, instead));
      }
    }
    Column& col = **c;
    if (col.physical != col.name) {
      return error(env, fmt::format("column \"{}\" is already changed by this migration", column));
    }
    col.physical = temp_column(column);
    col.type = new_type.sql();
    if (default_sql) {
      col.default_sql = default_sql->sql();
    }
    return Status::ok();
  }

  // When a write converts `from` into `to`: always on INSERT; on an UPDATE only when it
  // changed `from`, or when `to` is still NULL (a row the backfill has not reached yet). An
  // old-version update of another column must not overwrite a new-version value that the old
  // type cannot hold (a bigint past 2^31 that `down` clamped).
  static std::string changed(const Column& from, const Column& to) {
    return fmt::format("TG_OP = 'INSERT' OR NEW.{0} IS DISTINCT FROM OLD.{0} OR NEW.{1} IS NULL",
                       gen::q(from.physical), gen::q(to.physical));
  }

  std::string not_null_check(const Env& env) const { return env.trigger_name(ordinal, "not_null"); }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const Table& after = *m.after.table(table);
    const Column& old_col = *before.column(column);
    const Column& new_col = *after.column(column);
    const std::string t = env.qualified(before.physical);
    const std::string temp = gen::q(new_col.physical);
    std::string sql =
        fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}", t, temp, new_type.sql());
    // SET DEFAULT, not ADD COLUMN ... DEFAULT: existing rows must read NULL so that the
    // backfill (WHERE temp IS NULL) fills them from `up`; new rows get the default. Both are
    // catalog changes only, whatever the default's volatility.
    if (new_col.default_sql) {
      sql += fmt::format(";\nALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}", t, temp,
                         *new_col.default_sql);
    }
    if (!old_col.nullable) {
      sql += ";\n" +
             gen::add_not_null_check(env, before.physical, not_null_check(env), new_col.physical);
    }
    sql += ";\n" +
           gen::dual_write_trigger(env, ordinal, column, *m.start.table(table), after,
                                   {{new_col.physical, up, false, changed(old_col, new_col)}},
                                   {{old_col.physical, down, false, changed(new_col, old_col)}});
    out.sql(type(), std::move(sql), "ALTER TABLE ADD COLUMN + dual-write trigger",
            {{before.physical, sql::LockLevel::access_exclusive}});
    out.backfill("backfill", before.physical, fmt::format("{} = {}", temp, up.sql()),
                 temp + " IS NULL");
    if (!old_col.nullable) {
      out.sql("validate_not_null",
              gen::validate_constraint(env, before.physical, not_null_check(env)),
              "ALTER TABLE VALIDATE CONSTRAINT",
              {{before.physical, sql::LockLevel::share_update_exclusive}}, true);
    }
  }

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const Column& old_col = *before.column(column);
    const std::string t = env.qualified(before.physical);
    const std::string temp = temp_column(column);
    std::string inner;
    if (!old_col.nullable) {
      inner += gen::set_not_null(env, before.physical, temp, not_null_check(env)) + ";\n    ";
    }
    inner +=
        fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {};\n    ", t, gen::q(old_col.physical));
    inner += fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", t, gen::q(temp), gen::q(column));
    out.sql(type(),
            gen::drop_trigger(env, ordinal, column, before.physical) + ";\n" +
                gen::when(gen::column_exists(env, before.physical, temp), inner) + ";\n" +
                gen::rename_index_columns(env, before.physical, temp, column),
            "ALTER TABLE DROP COLUMN + RENAME COLUMN (+ SET NOT NULL)",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    out.sql(type(),
            gen::drop_trigger(env, ordinal, column, before.physical) + ";\n" +
                fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}",
                            env.qualified(before.physical), gen::q(temp_column(column))),
            "ALTER TABLE DROP COLUMN", {{before.physical, sql::LockLevel::access_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<ChangeType>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("column", op->column));
  PGSHIFT_TRY(f.fragment("type", sql::Fragment::type, op->new_type));
  PGSHIFT_TRY(f.fragment("up", sql::Fragment::expression, op->up));
  PGSHIFT_TRY(f.fragment("down", sql::Fragment::expression, op->down));
  PGSHIFT_TRY(f.optional_fragment("default", sql::Fragment::expression, op->default_sql));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind change_type{"change_type",
                              "change a column's type through a duplicate column kept in step "
                              "by `up` / `down`",
                              &read};
}  // namespace kinds

}  // namespace pgshift::ops
