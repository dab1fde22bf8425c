// rename_table: the new version sees the table under its new name; the schema keeps the old one
// until contract, so the old version's queries keep working.
//
// expand    nothing in the table: the version schema's view is named `to` and reads `from`
// contract  ALTER TABLE from RENAME TO to, guarded so a re-run skips it (a short ACCESS
//           EXCLUSIVE; the views follow the table, not its name)
// rollback  nothing (the view goes with the version schema)
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class RenameTable final : public Operation {
 public:
  std::string from;
  std::string to;

  std::vector<Target> targets() const override { return {{from, "", true}, {to, "", true}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, from));
    PGSHIFT_TRY(free_relation(model, env, to));
    t->name = to;
    return Status::ok();
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const std::string& phys = m.before.table(from)->physical;
    out.sql(type(),
            gen::when(gen::relation_exists(env, phys),
                      fmt::format("ALTER TABLE {} RENAME TO {}", env.qualified(phys), gen::q(to))),
            "ALTER TABLE RENAME", {{phys, sql::LockLevel::access_exclusive}});
  }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<RenameTable>();
  PGSHIFT_TRY(f.rename(op->from, op->to));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind rename_table{"rename_table", "rename a table (the schema's at contract)", &read};
}  // namespace kinds

}  // namespace pgshift::ops
