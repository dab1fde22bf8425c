// set_not_null: the column becomes NOT NULL in place (no duplicate column, no rewrite).
//
// expand    CHECK (column IS NOT NULL) NOT VALID (new rows of both versions are checked at
//           once) and, with `up`, a trigger that replaces a NULL written by the old version
//           with `up`; a batched backfill of existing NULLs from `up`; VALIDATE of the check
// contract  drop the trigger; SET NOT NULL (the validated check spares the scan) and drop the
//           check, in one short ACCESS EXCLUSIVE transaction
// rollback  drop the trigger and the check; the values the backfill wrote stay
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

class SetNotNull final : public Operation {
 public:
  std::string table;
  std::string column;
  std::optional<sql::Spliceable> up;  // replaces NULLs, in the old version's column names

  std::vector<Target> targets() const override { return {{table, column}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    auto c = existing_column(*t, env, column);
    if (!c) {
      return c.status();
    }
    if (t->created) {
      return error(env, fmt::format("table \"{}\" is created by this migration: declare column "
                                    "\"{}\" with nullable = false in create_table",
                                    table, column));
    }
    if (!(*c)->nullable) {
      return error(env,
                   fmt::format("column \"{}\" of table \"{}\" is already NOT NULL", column, table));
    }
    (*c)->nullable = false;
    return Status::ok();
  }

  std::string check(const Env& env) const { return env.trigger_name(ordinal, "not_null"); }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string& phys = before.column(column)->physical;
    const std::string t = env.qualified(before.physical);
    // NOT VALID: only new and updated rows are checked now; VALIDATE checks the existing ones
    // under SHARE UPDATE EXCLUSIVE, which lets writes through.
    std::string sql = gen::add_not_null_check(env, before.physical, check(env), phys);
    if (up) {
      // The old version may still write NULL: its writes get `up` instead. The new version
      // sees a NOT NULL column and gets the check's error, as it would after contract.
      sql += ";\n" + gen::dual_write_trigger(env, ordinal, column, *m.start.table(table),
                                             *m.after.table(table), {{phys, *up, true, ""}}, {});
    }
    out.sql(type(), std::move(sql),
            up ? "ALTER TABLE ADD CONSTRAINT CHECK NOT VALID + trigger"
               : "ALTER TABLE ADD CONSTRAINT CHECK NOT VALID",
            {{before.physical, sql::LockLevel::access_exclusive}});
    if (up) {
      out.backfill("backfill", before.physical, fmt::format("{} = {}", gen::q(phys), up->sql()),
                   gen::q(phys) + " IS NULL");
    }
    out.sql("validate_not_null", gen::validate_constraint(env, before.physical, check(env)),
            "ALTER TABLE VALIDATE CONSTRAINT",
            {{before.physical, sql::LockLevel::share_update_exclusive}}, true);
  }

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string& phys = before.column(column)->physical;
    const std::string t = env.qualified(before.physical);
    std::string sql;
    if (up) {
      sql = gen::drop_trigger(env, ordinal, column, before.physical) + ";\n";
    }
    // SET NOT NULL of a column that already is one does nothing: the step re-runs safely.
    sql += gen::set_not_null(env, before.physical, phys, check(env));
    out.sql(type(), std::move(sql), "ALTER TABLE SET NOT NULL + DROP CONSTRAINT",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    std::string sql;
    if (up) {
      sql = gen::drop_trigger(env, ordinal, column, before.physical) + ";\n";
    }
    sql += fmt::format("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                       env.qualified(before.physical), gen::q(check(env)));
    out.sql(type(), std::move(sql), "ALTER TABLE DROP CONSTRAINT",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<SetNotNull>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("column", op->column));
  PGSHIFT_TRY(f.optional_fragment("up", sql::Fragment::expression, op->up));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind set_not_null{"set_not_null",
                               "make a column NOT NULL; existing NULLs and the old version's "
                               "NULLs are replaced by `up`",
                               &read};
}  // namespace kinds

}  // namespace pgshift::ops
