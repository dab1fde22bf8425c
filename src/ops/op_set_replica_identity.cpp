// set_replica_identity: what logical replication writes to identify an updated or deleted row.
// It changes no column, so both application versions see the same table throughout.
//
// expand    ALTER TABLE ... REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX (a short
//           ACCESS EXCLUSIVE: a catalog change only, no scan)
// contract  nothing
// rollback  the same statement with the identity the table had before
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

// pg_class.relreplident's codes.
char code_of(const std::string& identity) {
  if (identity == "full") {
    return 'f';
  }
  if (identity == "nothing") {
    return 'n';
  }
  if (identity == "index") {
    return 'i';
  }
  return 'd';
}

std::string clause(const std::string& code, const std::string& index) {
  if (code == "f") {
    return "FULL";
  }
  if (code == "n") {
    return "NOTHING";
  }
  if (code == "i") {
    return "USING INDEX " + gen::q(index);
  }
  return "DEFAULT";
}

class SetReplicaIdentity final : public Operation {
 public:
  std::string table;
  std::string identity = "default";
  std::optional<std::string> index;

  std::vector<Target> targets() const override { return {{table, ""}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    Table& tbl = *t;
    if (index) {
      const Index* i = tbl.index(*index);
      if (!i) {
        return error(env,
                     fmt::format("index \"{}\" does not exist on table \"{}\"", *index, table));
      }
      if (!i->unique) {
        return error(env, fmt::format("index \"{}\" is not unique: a replica identity index "
                                      "must be unique",
                                      *index));
      }
      for (const std::string& c : i->columns) {
        const Column* col = tbl.column(c);
        if (col && col->nullable) {
          return error(env, fmt::format("index \"{}\" covers column \"{}\", which is nullable: a "
                                        "replica identity index needs NOT NULL columns",
                                        *index, c));
        }
      }
    }
    tbl.replica_identity = std::string(1, code_of(identity));
    tbl.replica_index = index.value_or("");
    return Status::ok();
  }

  void set(const std::string& label, const std::string& physical, const std::string& code,
           const std::string& idx, Steps& out) const {
    out.sql(label,
            fmt::format("ALTER TABLE {} REPLICA IDENTITY {}", out.env().qualified(physical),
                        clause(code, idx)),
            "ALTER TABLE REPLICA IDENTITY", {{physical, sql::LockLevel::access_exclusive}});
  }

  void expand(const Models& m, Steps& out) const override {
    const Table& after = *m.after.table(table);
    set("replica_identity", after.physical, after.replica_identity, after.replica_index, out);
  }

  void contract(const Models&, Steps&) const override {}

  void rollback(const Models& m, Steps& out) const override {
    const Table& before = *m.before.table(table);
    set("replica_identity", before.physical, before.replica_identity, before.replica_index, out);
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<SetReplicaIdentity>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.choice("identity", {"default", "full", "nothing", "index"}, op->identity));
  const bool given = std::any_of(f.node().fields.begin(), f.node().fields.end(),
                                 [](const auto& kv) { return kv.first == "identity"; });
  if (!given) {
    return f.missing("identity");
  }
  PGSHIFT_TRY(f.optional_name("index", op->index));
  if (op->identity == "index" && !op->index) {
    return f.error(f.node(), "identity = \"index\" needs \"index\": the unique index to use");
  }
  if (op->identity != "index" && op->index) {
    return f.error(f.node(), fmt::format("\"index\" is only for identity = \"index\", not \"{}\"",
                                         op->identity));
  }
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind set_replica_identity{
    "set_replica_identity", "set a table's replica identity (logical replication)", &read};
}  // namespace kinds

}  // namespace pgshift::ops
