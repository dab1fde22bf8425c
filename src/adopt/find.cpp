#include "adopt/find.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "adopt/registry.hpp"
#include "core/quote.hpp"

namespace pgshift::adopt {

namespace {

// A table found in the database.
struct Table {
  std::string oid;
  std::string display;                                       // "public"."schema_migrations"
  std::vector<std::pair<std::string, std::string>> columns;  // name, format_type
  std::string categories;                                    // typcategory per column
};

// The readers adopt.from allows.
Result<std::vector<const Reader*>> allowed(const AdoptOptions& options) {
  if (options.from == "auto") {
    auto all = all_readers();
    return std::vector<const Reader*>(all.begin(), all.end());
  }
  if (const Reader* r = find_reader(options.from)) {
    return std::vector<const Reader*>{r};
  }
  return Status::error(Code::invalid_input,
                       fmt::format("{}: unknown tool \"{}\" (known: auto, none, {})",
                                   options.from_origin, options.from, tool_names()));
}

bool plain_name(const std::string& s) {
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '$';
  };
  return !s.empty() && s.size() <= 63 && !(s[0] >= '0' && s[0] <= '9') && s[0] != '$' &&
         std::all_of(s.begin(), s.end(), word);
}

// `[schema.]table` as written in adopt.table (names as they are, case kept, as the tools quote
// them), quoted for to_regclass.
Result<std::string> qualified(const AdoptOptions& options) {
  const std::string& t = options.table;
  const std::size_t dot = t.find('.');
  std::vector<std::string> parts{t.substr(0, dot)};
  if (dot != std::string::npos) {
    parts.push_back(t.substr(dot + 1));
  }
  std::string out;
  for (const std::string& part : parts) {
    if (!plain_name(part)) {
      return Status::error(Code::invalid_input,
                           fmt::format("{}: invalid table name \"{}\": write table or "
                                       "schema.table with letters, digits, _ and $",
                                       options.table_origin, t));
    }
    out += (out.empty() ? "" : ".") + core::quote_ident(part);
  }
  return out;
}

// The table `name` (quoted, maybe qualified) resolves to through search_path; nullopt when none.
Result<std::optional<Table>> resolve(db::Session& session, const std::string& name) {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      session.query("SELECT c.oid::text AS oid, n.nspname, c.relname FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1) "
                    "AND c.relkind IN ('r', 'p')",
                    {name}));
  if (r.empty()) {
    return std::optional<Table>();
  }
  Table t;
  t.oid = r.text(0, "oid");
  t.display =
      core::quote_ident(r.text(0, "nspname")) + "." + core::quote_ident(r.text(0, "relname"));
  auto cols = session.query(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, "
      "ty.typcategory::text AS category FROM pg_attribute a "
      "JOIN pg_type ty ON ty.oid = a.atttypid "
      "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
      {t.oid});
  if (!cols) {
    return cols.status();
  }
  for (std::size_t i = 0; i < cols->size(); ++i) {
    t.columns.emplace_back(cols->text(i, "attname"), cols->text(i, "type"));
    t.categories += cols->text(i, "category", "?");
  }
  return std::optional<Table>(std::move(t));
}

bool matches(const Reader& reader, const Table& table) {
  if (reader.columns.size() != table.columns.size()) {
    return false;
  }
  return std::all_of(reader.columns.begin(), reader.columns.end(), [&](const Column& c) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i].first == c.name) {
        return table.categories[i] == c.category;
      }
    }
    return false;
  });
}

Status unexpected_columns(const Table& table, const std::vector<const Reader*>& readers) {
  std::string found;
  for (const auto& [name, type] : table.columns) {
    found += (found.empty() ? "" : ", ") + name + " " + type;
  }
  std::string expected;
  for (const Reader* r : readers) {
    expected +=
        fmt::format("{}{} has ({})", expected.empty() ? "" : "; ", r->tool, describe_columns(*r));
  }
  return Status::error(Code::drift,
                       fmt::format("table {} has unexpected columns ({}): it is not a history "
                                   "pgshift can adopt ({}); name the right table with "
                                   "adopt.table, or turn adoption off with adopt.from = \"none\"",
                                   table.display, found, expected));
}

// A recognized table and its reader.
struct Found {
  const Reader* reader;
  Table table;
};

// The table at adopt.table, recognized among the allowed readers.
Result<std::optional<Found>> at_given_table(db::Session& session, const AdoptOptions& options,
                                            const std::vector<const Reader*>& readers) {
  PGSHIFT_ASSIGN_OR_RETURN(auto name, qualified(options));
  auto table = resolve(session, name);
  if (!table) {
    return table.status();
  }
  if (!*table) {
    return Status::error(Code::invalid_input,
                         fmt::format("{}: table \"{}\" does not exist (looked up through "
                                     "search_path)",
                                     options.table_origin, options.table));
  }
  for (const Reader* r : readers) {
    if (matches(*r, **table)) {
      return std::optional<Found>(Found{r, std::move(**table)});
    }
  }
  return unexpected_columns(**table, readers);
}

// The tables at the allowed readers' default names. Two readers may share a name (golang-migrate
// and dbmate: schema_migrations): the columns tell them apart.
Result<std::optional<Found>> at_default_tables(db::Session& session,
                                               const std::vector<const Reader*>& readers) {
  std::vector<Found> found;
  std::vector<std::string> seen;  // oids already judged
  for (const Reader* r : readers) {
    PGSHIFT_ASSIGN_OR_RETURN(auto table, resolve(session, core::quote_ident(r->default_table)));
    if (!table || std::find(seen.begin(), seen.end(), table->oid) != seen.end()) {
      continue;
    }
    seen.push_back(table->oid);
    std::vector<const Reader*> same_name;
    for (const Reader* other : readers) {
      if (other->default_table == r->default_table) {
        same_name.push_back(other);
      }
    }
    auto it = std::find_if(same_name.begin(), same_name.end(),
                           [&](const Reader* c) { return matches(*c, *table); });
    if (it == same_name.end()) {
      return unexpected_columns(*table, same_name);
    }
    found.push_back(Found{*it, std::move(*table)});
  }
  if (found.size() > 1) {
    return Status::error(
        Code::drift,
        fmt::format("the database holds the histories of {} ({}) and {} ({}): say which one to "
                    "adopt with adopt.from (or --adopt-from)",
                    found[0].reader->tool, found[0].table.display, found[1].reader->tool,
                    found[1].table.display));
  }
  if (found.empty()) {
    return std::optional<Found>();
  }
  return std::optional<Found>(std::move(found[0]));
}

}  // namespace

Status check_options(const AdoptOptions& options) {
  if (options.from != "none") {
    auto readers = allowed(options);
    if (!readers) {
      return readers.status();
    }
  }
  if (!options.table.empty()) {
    return qualified(options).status();
  }
  return Status::ok();
}

Result<std::optional<ForeignHistory>> find_history(db::Session& session,
                                                   const AdoptOptions& options) {
  PGSHIFT_TRY(check_options(options));
  if (options.from == "none") {
    return std::optional<ForeignHistory>();
  }
  PGSHIFT_ASSIGN_OR_RETURN(auto readers, allowed(options));
  auto found = options.table.empty() ? at_default_tables(session, readers)
                                     : at_given_table(session, options, readers);
  if (!found) {
    return found.status();
  }
  if (!*found) {
    return std::optional<ForeignHistory>();
  }
  const Reader& reader = *(*found)->reader;
  ForeignHistory history;
  history.tool = reader.tool;
  history.table = (*found)->table.display;
  auto rows = session.query(
      fmt::format("SELECT {} FROM {} {}", reader.select, history.table, reader.order_by));
  if (!rows) {
    return rows.status().context("cannot read " + history.tool + " history " + history.table);
  }
  PGSHIFT_TRY(reader.interpret(*rows, history));
  if (history.empty()) {
    return std::optional<ForeignHistory>();
  }
  return std::optional<ForeignHistory>(std::move(history));
}

}  // namespace pgshift::adopt
