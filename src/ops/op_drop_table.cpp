// drop_table: the new version no longer sees the table; the old version uses it until contract.
//
// expand    nothing in the table: the version schema simply has no view of it
// contract  DROP TABLE IF EXISTS (ACCESS EXCLUSIVE, once no client of the old version is left)
// rollback  nothing: the table was never touched, and what the old version wrote is in it
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class DropTable final : public Operation {
 public:
  std::string table;

  std::vector<Target> targets() const override { return {{table, "", true}}; }

  Status apply(Model& model, const Env& env) const override {
    auto t = existing_table(model, env, table);
    if (!t) {
      return t.status();
    }
    model.tables.erase(std::find_if(model.tables.begin(), model.tables.end(),
                                    [&](const Table& x) { return x.name == table; }));
    return Status::ok();
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const std::string& phys = m.before.table(table)->physical;
    // No CASCADE: a foreign key of another table, or a view that is not pgshift's, stops the
    // drop with PostgreSQL's message instead of vanishing with it.
    out.sql(type(), "DROP TABLE IF EXISTS " + env.qualified(phys), "DROP TABLE",
            {{phys, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<DropTable>();
  PGSHIFT_TRY(f.name("table", op->table));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind drop_table{"drop_table",
                             "drop a table (at contract; the new version stops seeing it at "
                             "expand)",
                             &read};
}  // namespace kinds

}  // namespace pgshift::ops
