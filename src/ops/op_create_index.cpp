// create_index: an index built without blocking writes.
//
// expand    CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS (SHARE UPDATE EXCLUSIVE: reads and
//           writes go on; the executor checks the index is valid and rebuilds an invalid
//           leftover), over the columns' physical names: a column added by an earlier operation
//           of the file is indexed under its temporary name, and the index follows its rename
//           at contract
// contract  nothing
// rollback  DROP INDEX CONCURRENTLY IF EXISTS
#include <fmt/format.h>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops {

namespace {

const std::vector<std::string> k_methods{"btree", "hash", "gist", "gin", "brin", "spgist"};

class CreateIndex final : public Operation {
 public:
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  std::string method = "btree";
  std::optional<sql::Spliceable> where;  // a partial index's condition, in visible column names
  std::vector<std::string> include;

  std::vector<Target> targets() const override { return {{table, ""}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    for (const auto* list : {&columns, &include}) {
      for (const std::string& c : *list) {
        auto col = existing_column(tbl, env, c);
        if (!col) {
          return col.status();
        }
      }
    }
    if (where) {
      auto used = sql::expression_columns(where->sql());
      if (!used) {
        return error(env, "\"where\" " + used.status().message());
      }
      for (const std::string& c : *used) {
        if (!tbl.column(c)) {
          return error(env, fmt::format("\"where\" names column \"{}\", which does not exist on "
                                        "table \"{}\"",
                                        c, tbl.name));
        }
      }
    }
    if (env.replaying && tbl.index(name)) {
      return Status::ok();  // this migration's expand built it
    }
    PGSHIFT_TRY(free_relation(model, env, name));
    tbl.indexes.push_back({name, columns, unique});
    return Status::ok();
  }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    auto list = [&](const std::vector<std::string>& names) {
      std::string out;
      for (const std::string& c : names) {
        out += (out.empty() ? "" : ", ") + gen::q(before.column(c)->physical);
      }
      return out;
    };
    std::string sql = fmt::format(
        "CREATE {}INDEX CONCURRENTLY IF NOT EXISTS {} ON {} USING {} ({})", unique ? "UNIQUE " : "",
        gen::q(name), env.qualified(before.physical), method, list(columns));
    if (!include.empty()) {
      sql += " INCLUDE (" + list(include) + ")";
    }
    if (where) {
      sql += " WHERE " + sql::rename_columns(*where, before.physical_names())->sql();
    }
    out.create_index(type(), name, unique, std::move(sql), before.physical);
  }

  void contract(const Models&, Steps&) const override {}

  void rollback(const Models&, Steps& out) const override { out.drop_index(type(), name); }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<CreateIndex>();
  PGSHIFT_TRY(f.name("name", op->name));
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.names("columns", op->columns));
  PGSHIFT_TRY(f.boolean("unique", op->unique));
  PGSHIFT_TRY(f.choice("method", k_methods, op->method));
  PGSHIFT_TRY(f.optional_fragment("where", sql::Fragment::condition, op->where));
  PGSHIFT_TRY(f.optional_names("include", op->include));
  if (op->unique && op->method != "btree") {
    return f.error(f.node(),
                   fmt::format("a unique index must use method \"btree\", not \"{}\"", op->method));
  }
  if (!op->include.empty() && op->method != "btree" && op->method != "gist" &&
      op->method != "spgist") {
    return f.error(f.node(), fmt::format("\"include\" needs method \"btree\", \"gist\" or "
                                         "\"spgist\", not \"{}\"",
                                         op->method));
  }
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind create_index{"create_index", "create an index concurrently", &read};
}  // namespace kinds

}  // namespace pgshift::ops
