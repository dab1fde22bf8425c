// add_foreign_key: a foreign key over one column or several, added without a long lock.
//
// expand    ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID (SHARE ROW EXCLUSIVE on both tables,
//           briefly: no scan; rows written from now on are checked); VALIDATE CONSTRAINT (the
//           scan, under SHARE UPDATE EXCLUSIVE on the table and ROW SHARE on the referenced one:
//           writes go on)
// contract  nothing
// rollback  DROP CONSTRAINT IF EXISTS
#include <fmt/format.h>

#include <algorithm>

#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

const std::vector<std::string> k_actions{"no action", "restrict", "cascade", "set null",
                                         "set default"};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string column_list(const Table& t, const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) {
    out += (out.empty() ? "" : ", ") + gen::q(t.column(c)->physical);
  }
  return out;
}

// A primary key, unique constraint or unique index on exactly these columns (in any order):
// what PostgreSQL requires of a foreign key's referenced columns.
bool has_unique_key(const Table& t, std::vector<std::string> columns) {
  std::sort(columns.begin(), columns.end());
  auto same = [&](std::vector<std::string> c) {
    std::sort(c.begin(), c.end());
    return c == columns;
  };
  for (const Constraint& k : t.constraints) {
    if ((k.kind == 'p' || k.kind == 'u') && same(k.columns)) {
      return true;
    }
  }
  for (const Index& x : t.indexes) {
    if (x.unique && same(x.columns)) {
      return true;
    }
  }
  return false;
}

class AddForeignKey final : public Operation {
 public:
  std::string table;
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string on_delete = "no action";
  std::string on_update = "no action";

  std::vector<Target> targets() const override { return {{table, ""}}; }

  Status apply(Model& model, const Env& env) const override {
    PGSHIFT_ASSIGN_OR_RETURN(auto t, existing_table(model, env, table));
    for (const std::string& c : columns) {
      auto col = existing_column(*t, env, c);
      if (!col) {
        return col.status();
      }
    }
    auto r = existing_table(model, env, ref_table);
    if (!r) {
      return r.status();
    }
    for (const std::string& c : ref_columns) {
      auto col = existing_column(**r, env, c);
      if (!col) {
        return col.status();
      }
    }
    if (columns.size() != ref_columns.size()) {
      return error(env, fmt::format("\"columns\" lists {} column(s) but \"references\" lists {}",
                                    columns.size(), ref_columns.size()));
    }
    if (!has_unique_key(**r, ref_columns)) {
      std::string list;
      for (const auto& c : ref_columns) {
        list += (list.empty() ? "\"" : ", \"") + c + "\"";
      }
      return error(env, fmt::format("table \"{}\" has no primary key or unique constraint on "
                                    "exactly ({}): a foreign key must reference one",
                                    ref_table, list));
    }
    Table& tbl = *t;
    if (tbl.constraint(name)) {
      if (env.replaying) {
        return Status::ok();
      }
      return error(env,
                   fmt::format("constraint \"{}\" already exists on table \"{}\"", name, tbl.name));
    }
    tbl.constraints.push_back({name, 'f', columns});
    return Status::ok();
  }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const Table& ref = *m.before.table(ref_table);
    const std::string t = env.qualified(before.physical);
    // NOT VALID: rows written from now on are checked; the existing ones by VALIDATE below,
    // which lets writes through.
    out.sql(type(),
            gen::when("NOT " + gen::constraint_exists(env, before.physical, name),
                      fmt::format("ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES "
                                  "{} ({}) ON DELETE {} ON UPDATE {} NOT VALID",
                                  t, gen::q(name), column_list(before, columns),
                                  env.qualified(ref.physical), column_list(ref, ref_columns),
                                  upper(on_delete), upper(on_update))),
            "ALTER TABLE ADD CONSTRAINT FOREIGN KEY NOT VALID",
            {{before.physical, sql::LockLevel::share_row_exclusive},
             {ref.physical, sql::LockLevel::share_row_exclusive}});
    out.sql("validate", fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", t, gen::q(name)),
            "ALTER TABLE VALIDATE CONSTRAINT",
            {{before.physical, sql::LockLevel::share_update_exclusive},
             {ref.physical, sql::LockLevel::row_share}},
            true);
  }

  void contract(const Models&, Steps&) const override {}

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const Table& before = *m.before.table(table);
    const Table& ref = *m.before.table(ref_table);
    out.sql(type(),
            fmt::format("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {}",
                        env.qualified(before.physical), gen::q(name)),
            "ALTER TABLE DROP CONSTRAINT",
            {{before.physical, sql::LockLevel::access_exclusive},
             {ref.physical, sql::LockLevel::share_row_exclusive}});
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<AddForeignKey>();
  PGSHIFT_TRY(f.name("table", op->table));
  PGSHIFT_TRY(f.name("name", op->name));
  PGSHIFT_TRY(f.names("columns", op->columns));
  Status st;
  const core::TomlNode* ref = f.table("references", st);
  PGSHIFT_TRY(st);
  if (!ref) {
    return f.missing("references");
  }
  Fields rf(*ref, f.path(), "add_foreign_key references");
  PGSHIFT_TRY(rf.name("table", op->ref_table));
  PGSHIFT_TRY(rf.names("columns", op->ref_columns));
  PGSHIFT_TRY(rf.finish());
  PGSHIFT_TRY(f.choice("on_delete", k_actions, op->on_delete));
  PGSHIFT_TRY(f.choice("on_update", k_actions, op->on_update));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind add_foreign_key{"add_foreign_key",
                                  "add a foreign key over one or more columns (NOT VALID, then "
                                  "VALIDATE)",
                                  &read};
}  // namespace kinds

}  // namespace pgshift::ops
