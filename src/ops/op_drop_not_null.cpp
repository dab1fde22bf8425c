// drop_not_null: the column accepts NULL, for both versions, from expand on.
//
// expand    DROP NOT NULL (a catalog change under a brief ACCESS EXCLUSIVE)
// contract  nothing
// rollback  with `down`, a batched backfill of the NULLs written meanwhile; then NOT NULL again
//           the safe way: CHECK (... IS NOT NULL) NOT VALID, VALIDATE, SET NOT NULL (the valid
//           check spares the scan), drop the check
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

class DropNotNull final : public Operation {
 public:
  std::string table;
  std::string column;
  std::optional<sql::Spliceable> down;  // replaces NULLs at rollback, in the new version's names

  std::vector<Target> targets() const override { return {{table, column}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    auto c = existing_column(*t, env, column);
    if (!c) {
      return c.status();
    }
    const auto& pk = t->primary_key;
    if (std::find(pk.begin(), pk.end(), column) != pk.end()) {
      return error(env, fmt::format("column \"{}\" is part of the primary key of \"{}\", which "
                                    "is always NOT NULL",
                                    column, table));
    }
    if ((*c)->nullable) {
      return error(env,
                   fmt::format("column \"{}\" of table \"{}\" is already nullable", column, table));
    }
    (*c)->nullable = true;
    return Status::ok();
  }

  std::string check(const Env& env) const { return env.trigger_name(ordinal, "not_null"); }

  void expand(const Models& m, Steps& out) const override {
    const Table& before = *m.before.table(table);
    out.sql(
        "drop_not_null",
        fmt::format("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL",
                    out.env().qualified(before.physical), gen::q(before.column(column)->physical)),
        "ALTER TABLE DROP NOT NULL", {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void contract(const Models&, Steps&) const override {}

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string& phys = before.column(column)->physical;
    const std::string t = env.qualified(before.physical);
    if (down) {
      // `down` is written in the new version's names; the table has the physical ones (those
      // of the operations before this one: the later ones are rolled back already).
      const sql::Spliceable expr =
          *sql::rename_columns(*down, m.after.table(table)->physical_names());
      out.backfill("backfill", before.physical, fmt::format("{} = {}", gen::q(phys), expr.sql()),
                   gen::q(phys) + " IS NULL");
    }
    // Each step re-runs safely: the check is added only while the column is nullable (after
    // the last step it is NOT NULL and the check is gone), VALIDATE of a missing check is
    // skipped, SET NOT NULL of a NOT NULL column does nothing.
    const std::string nullable = fmt::format(
        "EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass({}) AND attname = {} AND "
        "NOT attnotnull)",
        gen::lit(env.qualified(before.physical)), gen::lit(phys));
    out.sql(
        "not_null_check",
        gen::when(nullable + " AND NOT " + gen::constraint_exists(env, before.physical, check(env)),
                  gen::not_null_check(env, before.physical, check(env), phys)),
        "ALTER TABLE ADD CONSTRAINT CHECK NOT VALID",
        {{before.physical, sql::LockLevel::access_exclusive}});
    out.sql("validate_not_null",
            gen::when(gen::constraint_exists(env, before.physical, check(env)),
                      gen::validate_constraint(env, before.physical, check(env))),
            "ALTER TABLE VALIDATE CONSTRAINT",
            {{before.physical, sql::LockLevel::share_update_exclusive}}, true);
    out.sql("set_not_null", gen::set_not_null(env, before.physical, phys, check(env)),
            "ALTER TABLE SET NOT NULL + DROP CONSTRAINT",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<DropNotNull>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("column", op->column));
  PGSHIFT_TRY(f.optional_fragment("down", sql::Fragment::expression, op->down));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind drop_not_null{
    "drop_not_null", "make a column nullable; rollback fills the NULLs from `down`", &read};
}  // namespace kinds

}  // namespace pgshift::ops
