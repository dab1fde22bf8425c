// set_default: a new default (or none) for the new version; the old version keeps the table's
// until contract.
//
// expand    nothing in the table: the version schema's view gets the new default
//           (ALTER VIEW ... SET DEFAULT), so only the new version's inserts use it
// contract  ALTER TABLE ... SET DEFAULT / DROP DEFAULT (a catalog change, brief ACCESS
//           EXCLUSIVE)
// rollback  nothing (the view goes with the version schema)
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

class SetDefault final : public Operation {
 public:
  std::string table;
  std::string column;
  std::optional<sql::Spliceable> default_sql;  // unset: drop_default
  bool drop_default = false;

  std::vector<Target> targets() const override { return {{table, column}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    auto c = existing_column(*t, env, column);
    if (!c) {
      return c.status();
    }
    Column& col = **c;
    col.default_sql.reset();
    if (default_sql) {
      col.default_sql = default_sql->sql();
    }
    // A view column without a default of its own takes the table's, and PostgreSQL stores no
    // default for a bare NULL: an expression that is NULL without being the NULL constant
    // hides the table's default from the new version.
    col.view_default = default_sql ? default_sql->sql()
                                   : fmt::format("(CASE WHEN false THEN NULL::{} END)", col.type);
    return Status::ok();
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const std::string& phys = before.column(column)->physical;
    out.sql(type(),
            fmt::format("ALTER TABLE {} ALTER COLUMN {} {}", env.qualified(before.physical),
                        gen::q(phys),
                        default_sql ? "SET DEFAULT " + default_sql->sql() : "DROP DEFAULT"),
            default_sql ? "ALTER TABLE SET DEFAULT" : "ALTER TABLE DROP DEFAULT",
            {{before.physical, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<SetDefault>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("column", op->column));
  PGSHIFT_TRY(f.optional_fragment("default", sql::Fragment::expression, op->default_sql));
  PGSHIFT_TRY(f.boolean("drop_default", op->drop_default));
  if (op->default_sql.has_value() == op->drop_default) {
    return f.error(f.node(), "give exactly one of \"default\" and \"drop_default = true\"");
  }
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind set_default{"set_default",
                              "change or drop a column's default (the new version's at once, "
                              "the table's at contract)",
                              &read};
}  // namespace kinds

}  // namespace pgshift::ops
