// create_table: a new table. No old application version knows it, so it is created in its final
// shape at once and the new version reads and writes it through its version schema's view.
//
// expand    CREATE TABLE IF NOT EXISTS with every column (constraints inline, a composite
//           PRIMARY KEY as a table constraint), COMMENT ON TABLE / COLUMN; locks only the
//           tables its foreign keys reference (SHARE ROW EXCLUSIVE, for their triggers)
// contract  nothing: the table is already as the new version wants it
// rollback  DROP TABLE IF EXISTS (ACCESS EXCLUSIVE on a table no old client uses; on the
//           referenced tables too, whose foreign-key triggers go with it)
#include <fmt/format.h>

#include <set>

#include "ops/column_spec.hpp"
#include "ops/registry.hpp"
#include "ops/sqlgen.hpp"

namespace pgshift::ops {

namespace {

std::string limit(std::string s) {
  return s.size() > 63 ? s.substr(0, 63) : s;
}

class CreateTable final : public Operation {
 public:
  std::string table;
  std::vector<ColumnSpec> columns;
  std::vector<std::string> primary_key;  // composite key (table constraint)
  std::optional<std::string> comment;

  // Not the whole table: add_column, create_index ... may follow in the same file (they see a
  // table this migration created and act on it directly).
  std::vector<Target> targets() const override { return {{table, ""}}; }

  // PostgreSQL's own name for a primary key.
  std::string pkey_name() const { return limit(table + "_pkey"); }

  // The names of the key's columns: the composite key, or the one column marked primary_key.
  std::vector<std::string> key() const {
    if (!primary_key.empty()) {
      return primary_key;
    }
    for (const ColumnSpec& c : columns) {
      if (c.primary_key) {
        return {c.name};
      }
    }
    return {};
  }

  Status apply(Model& model, const Env& env) const override {
    Table* existing = model.table(table);
    if (!(env.replaying && existing)) {
      // Replaying: the migration's own expand created it; its entry is rebuilt below from the
      // file, which is what later operations of the file were planned against.
      PGSHIFT_TRY(free_relation(model, env, table));
    }
    Table t;
    t.name = t.physical = table;
    t.created = true;
    t.primary_key = key();
    if (!t.primary_key.empty()) {
      t.constraints.push_back({pkey_name(), 'p', t.primary_key});
      t.indexes.push_back({pkey_name(), t.primary_key, true});
    }
    for (const ColumnSpec& c : columns) {
      Column col = model_column(c, c.name);
      for (const std::string& k : primary_key) {
        col.nullable = col.nullable && k != c.name;  // PostgreSQL makes key columns NOT NULL
      }
      t.columns.push_back(std::move(col));
      if (c.unique) {
        t.constraints.push_back({c.unique_name(table), 'u', {c.name}});
        t.indexes.push_back({c.unique_name(table), {c.name}, true});
      }
      if (c.check) {
        t.constraints.push_back({c.check_name(table), 'c', {c.name}});
      }
      if (c.references) {
        t.constraints.push_back({c.fkey_name(table), 'f', {c.name}});
      }
    }
    if (!env.replaying) {
      // Index names share the schema's namespace with tables.
      std::set<std::string> own;
      for (const Index& i : t.indexes) {
        if (!own.insert(i.name).second || i.name == table) {
          return error(
              env, fmt::format("index name \"{}\" is used twice in table \"{}\"", i.name, table));
        }
        PGSHIFT_TRY(free_relation(model, env, i.name));
      }
    }
    if (existing) {
      *existing = std::move(t);
    } else {
      model.tables.push_back(std::move(t));
    }
    // References are checked with the table in place: a column may reference its own table.
    for (const ColumnSpec& c : columns) {
      if (c.references) {
        auto r = resolve_reference(model, *c.references, fmt::format("column \"{}\"", c.name));
        if (!r) {
          return error(env, r.status().message());
        }
      }
    }
    return Status::ok();
  }

  void expand(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    const std::string t = env.qualified(table);
    std::vector<Lock> locks;
    std::string defs;
    for (const ColumnSpec& c : columns) {
      ColumnSpec spec = c;
      if (c.references) {
        // Physical names: a table renamed earlier in the file still has its old name.
        spec.references = *resolve_reference(m.after, *c.references, c.name);
        if (spec.references->table != table) {
          locks.push_back({spec.references->table, sql::LockLevel::share_row_exclusive});
        }
      }
      defs += (defs.empty() ? "\n  " : ",\n  ") + column_definition(env, spec, table);
    }
    if (!primary_key.empty()) {
      std::string cols;
      for (const std::string& k : primary_key) {
        cols += (cols.empty() ? "" : ", ") + gen::q(k);
      }
      defs += fmt::format(",\n  CONSTRAINT {} PRIMARY KEY ({})", gen::q(pkey_name()), cols);
    }
    std::string sql = fmt::format("CREATE TABLE IF NOT EXISTS {} ({}\n)", t, defs);
    if (comment) {
      sql += fmt::format(";\nCOMMENT ON TABLE {} IS {}", t, gen::lit(*comment));
    }
    for (const ColumnSpec& c : columns) {
      if (c.comment) {
        sql += fmt::format(";\nCOMMENT ON COLUMN {}.{} IS {}", t, gen::q(c.name),
                           gen::lit(*c.comment));
      }
    }
    out.sql(type(), std::move(sql), "CREATE TABLE", locks);
  }

  void contract(const Models&, Steps&) const override {}

  void rollback(const Models& m, Steps& out) const override {
    const Env& env = out.env();
    std::vector<Lock> locks{{table, sql::LockLevel::access_exclusive}};
    for (const ColumnSpec& c : columns) {
      if (c.references) {
        const Reference r = *resolve_reference(m.after, *c.references, c.name);
        if (r.table != table) {
          locks.push_back({r.table, sql::LockLevel::access_exclusive});
        }
      }
    }
    out.sql(type(), "DROP TABLE IF EXISTS " + env.qualified(table), "DROP TABLE", locks);
  }
};

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<CreateTable>();
  PGSHIFT_TRY(f.name("table", op->table));
  Status st;
  const core::TomlNode* cols = f.array("columns", st);
  PGSHIFT_TRY(st);
  if (!cols) {
    return f.missing("columns");
  }
  if (cols->items.empty()) {
    return f.error(*cols, "\"columns\" is empty: a table needs at least one column");
  }
  std::set<std::string> names;
  int keys = 0;
  for (const core::TomlNode& node : cols->items) {
    auto spec = read_column(node, f.path(), "column of create_table");
    if (!spec) {
      return spec.status();
    }
    if (!names.insert(spec->name).second) {
      return f.error(node, fmt::format("column \"{}\" is listed twice", spec->name));
    }
    keys += spec->primary_key ? 1 : 0;
    op->columns.push_back(std::move(spec).value());
  }
  PGSHIFT_TRY(f.optional_names("primary_key", op->primary_key));
  if (keys > 1) {
    return f.error(*cols,
                   "more than one column has primary_key = true: list a composite key in the "
                   "table's \"primary_key\" field instead");
  }
  if (keys == 1 && !op->primary_key.empty()) {
    return f.error(f.node(),
                   "both a column with primary_key = true and a \"primary_key\" list: keep one");
  }
  std::set<std::string> seen;
  for (const std::string& k : op->primary_key) {
    if (!names.count(k)) {
      return f.error(f.node(), fmt::format("primary key column \"{}\" is not one of the table's "
                                           "columns",
                                           k));
    }
    if (!seen.insert(k).second) {
      return f.error(f.node(), fmt::format("primary key column \"{}\" is listed twice", k));
    }
  }
  PGSHIFT_TRY(f.text("comment", op->comment));
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind create_table{"create_table",
                               "create a table; the new version reads and writes it through its "
                               "view",
                               &read};
}  // namespace kinds

}  // namespace pgshift::ops
