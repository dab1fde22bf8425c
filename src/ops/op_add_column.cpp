// add_column: a new column, visible to the new version only until contract.
//
// expand    ADD COLUMN under a temporary name (with a non-volatile default: instant, existing
//           rows read it; a volatile one is set for new rows only); NOT NULL as
//           CHECK (... IS NOT NULL) NOT VALID; a foreign key NOT VALID; a trigger that fills it
//           from `up` on the old version's writes; a batched backfill of existing rows from
//           `up`; VALIDATE of both constraints; a unique index built concurrently
// contract  drop the trigger; SET NOT NULL (the validated CHECK spares the scan), drop the
//           CHECK, rename the column to its name, and ADD CONSTRAINT UNIQUE USING INDEX, in one
//           short ACCESS EXCLUSIVE transaction; the column's own CHECK, NOT VALID then VALIDATE
// rollback  drop the trigger, the unique index (concurrently) and the column
//
// On a table that the same migration creates there are no old rows and no old version: the
// column is added as written, with its constraints, and contract and rollback do nothing.
#include <fmt/format.h>

#include "ops/column_spec.hpp"
#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

class AddColumn final : public Operation {
 public:
  std::string table;
  ColumnSpec column;
  std::optional<sql::Spliceable> up;  // fills existing rows and the old version's writes

  std::vector<Target> targets() const override { return {{table, column.name}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    PGSHIFT_TRY(free_column(tbl, env, column.name));
    if (column.primary_key || column.identity) {
      return error(env,
                   "a new column of an existing table cannot be its primary key or an "
                   "identity: create the table with it, or use raw_sql");
    }
    if (!column.nullable && !column.default_sql && !up && !tbl.created) {
      return error(env, fmt::format("column \"{}\" is NOT NULL without a default: give \"up\" "
                                    "(an expression over the old columns that fills existing "
                                    "rows and the old version's writes) or a \"default\"",
                                    column.name));
    }
    if (column.references) {
      auto r =
          resolve_reference(model, *column.references, fmt::format("column \"{}\"", column.name));
      if (!r) {
        return error(env, r.status().message());
      }
    }
    if (column.unique) {
      if (!env.replaying) {
        PGSHIFT_TRY(free_relation(model, env, column.unique_name(tbl.physical)));
      }
      tbl.constraints.push_back({column.unique_name(tbl.physical), 'u', {column.name}});
    }
    tbl.columns.push_back(
        model_column(column, tbl.created ? column.name : temp_column(column.name)));
    return Status::ok();
  }

  // The expression that fills existing rows: `up`, else a volatile default (which ADD COLUMN
  // would otherwise evaluate for every row under its lock, rewriting the table).
  std::optional<sql::Spliceable> fill() const {
    if (up) {
      return up;
    }
    if (column.default_sql && !non_volatile_default()) {
      return column.default_sql;
    }
    return std::nullopt;
  }

  bool non_volatile_default() const {
    if (!column.default_sql) {
      return false;
    }
    auto v = sql::expression_volatile_part(column.default_sql->sql());
    return v && v->empty();
  }

  std::string not_null_check(const Env& env) const { return env.trigger_name(ordinal, "not_null"); }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const Table& after = *m.after.table(table);
    const std::string& phys = after.column(column.name)->physical;
    const std::string t = env.qualified(before.physical);
    if (before.created) {
      out.sql(
          "add_column",
          fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}{}", t,
                      column_definition(env, column, before.physical),
                      column.comment ? fmt::format(";\nCOMMENT ON COLUMN {}.{} IS {}", t,
                                                   gen::q(column.name), gen::lit(*column.comment))
                                     : ""),
          "ALTER TABLE ADD COLUMN", {{before.physical, sql::LockLevel::access_exclusive}});
      return;
    }
    // A constant default without `up` fills existing rows at once (ADD COLUMN ... DEFAULT is a
    // catalog change). Otherwise existing rows must read NULL, so that the backfill (WHERE the
    // column IS NULL) fills them from `up`: the default is set for new rows only.
    const bool instant = !up && non_volatile_default();
    std::string sql =
        fmt::format("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}{}", t, gen::q(phys),
                    column.type.sql(), instant ? " DEFAULT " + column.default_sql->sql() : "");
    if (column.default_sql && !instant) {
      sql += fmt::format(";\nALTER TABLE {} ALTER COLUMN {} SET DEFAULT {}", t, gen::q(phys),
                         column.default_sql->sql());
    }
    std::vector<std::pair<std::string, std::string>> validate;  // (label, constraint)
    if (!column.nullable) {
      // NOT VALID: checked for new rows at once, for existing ones by VALIDATE after the
      // backfill, which takes only SHARE UPDATE EXCLUSIVE and lets writes through.
      sql += ";\n" + gen::add_not_null_check(env, before.physical, not_null_check(env), phys);
      validate.emplace_back("validate_not_null", not_null_check(env));
    }
    std::vector<Lock> locks{{before.physical, sql::LockLevel::access_exclusive}};
    if (column.references) {
      const Reference r = *resolve_reference(m.before, *column.references, column.name);
      const std::string fk = column.fkey_name(before.physical);
      sql += ";\n" + gen::when("NOT " + gen::constraint_exists(env, before.physical, fk),
                               fmt::format("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}){} "
                                           "NOT VALID",
                                           t, gen::q(fk), gen::q(phys), references_clause(env, r)));
      validate.emplace_back("validate_foreign_key", fk);
      locks.push_back({r.table, sql::LockLevel::share_row_exclusive});
    }
    const auto filler = fill();
    if (filler) {
      sql += ";\n" + gen::dual_write_trigger(env, ordinal, column.name, *m.start.table(table),
                                             after, {{phys, *filler, false, {}}}, {});
    }
    out.sql(type(), std::move(sql),
            filler ? "ALTER TABLE ADD COLUMN + dual-write trigger" : "ALTER TABLE ADD COLUMN",
            locks);
    if (filler) {
      out.backfill("backfill", before.physical, fmt::format("{} = {}", gen::q(phys), filler->sql()),
                   gen::q(phys) + " IS NULL");
    }
    for (const auto& [label, c] : validate) {
      out.sql(label, gen::validate_constraint(env, before.physical, c),
              "ALTER TABLE VALIDATE CONSTRAINT",
              {{before.physical, sql::LockLevel::share_update_exclusive}}, true);
    }
    if (column.unique) {
      const std::string idx = column.unique_name(before.physical);
      out.create_index("unique_index", idx, true,
                       fmt::format("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {} ON {} ({})",
                                   gen::q(idx), t, gen::q(phys)),
                       before.physical);
    }
  }

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    if (before.created) {
      return;
    }
    const std::string phys = temp_column(column.name);
    const std::string t = env.qualified(before.physical);
    std::string inner;
    if (!column.nullable) {
      inner += gen::set_not_null(env, before.physical, phys, not_null_check(env)) + ";\n    ";
    }
    inner +=
        fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", t, gen::q(phys), gen::q(column.name));
    if (column.comment) {
      inner += fmt::format(";\n    COMMENT ON COLUMN {}.{} IS {}", t, gen::q(column.name),
                           gen::lit(*column.comment));
    }
    std::string sql;
    if (fill()) {
      sql = gen::drop_trigger(env, ordinal, column.name, before.physical) + ";\n";
    }
    sql += gen::when(gen::column_exists(env, before.physical, phys), inner);
    sql += ";\n" + gen::rename_index_columns(env, before.physical, phys, column.name);
    if (column.unique) {
      const std::string idx = column.unique_name(before.physical);
      sql += ";\n" + gen::when("NOT " + gen::constraint_exists(env, before.physical, idx),
                               fmt::format("ALTER TABLE {} ADD CONSTRAINT {} UNIQUE USING INDEX {}",
                                           t, gen::q(idx), gen::q(idx)));
    }
    out.sql(type(), std::move(sql), "ALTER TABLE RENAME COLUMN (+ SET NOT NULL)",
            {{before.physical, sql::LockLevel::access_exclusive}});
    if (column.check) {
      const std::string c = column.check_name(before.physical);
      out.sql("check",
              gen::when("NOT " + gen::constraint_exists(env, before.physical, c),
                        fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK {} NOT VALID", t,
                                    gen::q(c), column.check->sql())),
              "ALTER TABLE ADD CONSTRAINT CHECK NOT VALID",
              {{before.physical, sql::LockLevel::access_exclusive}});
      out.sql("validate_check", gen::validate_constraint(env, before.physical, c),
              "ALTER TABLE VALIDATE CONSTRAINT",
              {{before.physical, sql::LockLevel::share_update_exclusive}}, true);
    }
  }

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    if (before.created) {
      return;
    }
    if (column.unique) {
      out.drop_index("unique_index", column.unique_name(before.physical));
    }
    std::string sql;
    if (fill()) {
      sql = gen::drop_trigger(env, ordinal, column.name, before.physical) + ";\n";
    }
    sql += fmt::format("ALTER TABLE {} DROP COLUMN IF EXISTS {}", env.qualified(before.physical),
                       gen::q(temp_column(column.name)));
    out.sql(type(), std::move(sql), "ALTER TABLE DROP COLUMN",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<AddColumn>();
  PGSHIFT_TRY(f.name("table", op->table));
  Status st;
  const core::TomlNode* col = f.table("column", st);
  PGSHIFT_TRY(st);
  if (!col) {
    return f.missing("column");
  }
  auto spec = read_column(*col, f.path(), "column of add_column");
  if (!spec) {
    return spec.status();
  }
  op->column = std::move(spec).value();
  PGSHIFT_TRY(f.optional_fragment("up", sql::Fragment::expression, op->up));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind add_column{"add_column",
                             "add a column; the old version's writes and existing rows are "
                             "filled from `up`",
                             &read};
}  // namespace kinds

}  // namespace pgshift::ops
