// drop_index: the index goes at contract; the old version may still rely on it until then.
//
// expand    nothing: the index keeps serving (and, when unique, enforcing) both versions
// contract  DROP INDEX CONCURRENTLY IF EXISTS (SHARE UPDATE EXCLUSIVE: reads and writes go on)
// rollback  nothing
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

class DropIndex final : public Operation {
 public:
  std::string name;

  // The index's table is known only from the model; an index is named once per schema.
  std::vector<Target> targets() const override { return {}; }

  Status apply(Model& model, const Env& env) const override {
    for (Table& t : model.tables) {
      if (!t.index(name)) {
        continue;
      }
      if (const Constraint* k = t.constraint(name)) {
        return error(env, fmt::format("index \"{}\" backs the {} constraint \"{}\" of table "
                                      "\"{}\": use drop_constraint",
                                      name,
                                      k->kind == 'p'   ? "primary key"
                                      : k->kind == 'u' ? "unique"
                                                       : "exclusion",
                                      name, t.name));
      }
      std::erase_if(t.indexes, [&](const Index& x) { return x.name == name; });
      return Status::ok();
    }
    return error(env,
                 fmt::format("index \"{}\" does not exist in schema \"{}\"", name, model.schema));
  }

  void expand(const Models&, Steps&) const override {}

  void contract(const Models&, Steps& out) const override { out.drop_index(type(), name); }

  void rollback(const Models&, Steps&) const override {}
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<DropIndex>();
  PGSHIFT_TRY(f.name("name", op->name));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind drop_index{"drop_index", "drop an index concurrently (at contract)", &read};
}  // namespace kinds

}  // namespace pgshift::ops
