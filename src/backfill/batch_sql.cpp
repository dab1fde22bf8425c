#include "backfill/batch_sql.hpp"

#include <fmt/format.h>

#include "core/quote.hpp"
#include "sql/fragment.hpp"

namespace pgshift::backfill {

namespace {

// Batch columns get names no table column is likely to have, so that the key columns read
// back from the batch never clash with a subquery of SET or WHERE naming the table's columns.
std::string batch_column(std::size_t i) {
  return core::quote_ident("__pgshift_k" + std::to_string(i));
}

// "a, b" (with a prefix: "t.a, t.b"), each quoted.
std::string key_list(const Table& t, const std::string& prefix = "") {
  std::string out;
  for (std::size_t i = 0; i < t.key.size(); ++i) {
    out += (i ? ", " : "") + prefix + core::quote_ident(t.key[i].name);
  }
  return out;
}

std::string batch_columns(const Table& t, const char* suffix = "") {
  std::string out;
  for (std::size_t i = 0; i < t.key.size(); ++i) {
    out += (i ? ", " : "") + batch_column(i) + suffix;
  }
  return out;
}

// The cursor parameters, "$3::bigint, $4::text COLLATE ...".
std::string cursor_params(const Table& t) {
  std::string params;
  for (std::size_t i = 0; i < t.key.size(); ++i) {
    const KeyColumn& k = t.key[i];
    params += fmt::format("{}${}::{}{}", i ? ", " : "", i + 3, k.type,
                          k.collate.empty() ? "" : " COLLATE " + k.collate);
  }
  return params;
}

std::string batch_select(const Table& t, const std::string& relation, bool with_cursor) {
  std::string cols;
  for (std::size_t i = 0; i < t.key.size(); ++i) {
    cols += (i ? ", " : "") + core::quote_ident(t.key[i].name) + " AS " + batch_column(i);
  }
  std::string where;
  if (with_cursor) {
    // A row comparison: one index range scan over a composite primary key.
    where = fmt::format(" WHERE ({}) > ({})", key_list(t), cursor_params(t));
  }
  return fmt::format("SELECT {} FROM {}{} ORDER BY {} LIMIT $1::integer", cols, relation, where,
                     key_list(t));
}

// The spec's SET list and WHERE, checked, as they are spliced.
struct Fragments {
  std::string set;    // "" for a DELETE
  std::string where;  // "" for every row
};

std::string statement(const Spec& spec, const Fragments& user, const Table& t,
                      const std::string& history_table, bool with_cursor) {
  const std::string relation = core::quote_ident(t.schema) + "." + core::quote_ident(t.name);
  const std::string ref = core::quote_ident(spec.alias.empty() ? t.name : spec.alias);
  const std::string alias = spec.alias.empty() ? "" : " AS " + core::quote_ident(spec.alias);
  // The change selects its rows by the batch's key range, (cursor, last key], on the table
  // itself: exactly the keys the batch CTE chose (same snapshot), read with one index range
  // scan. Joining the table to the batch instead made the planner, which cannot see which keys
  // the CTE holds, join it to the whole table (a hash join over a sequential scan, or a merge
  // join from the first key): every batch cost as much as the table.
  std::string match =
      fmt::format("({}) <= (SELECT {} FROM last)", key_list(t, ref + "."), batch_columns(t));
  if (with_cursor) {
    match += fmt::format(" AND ({}) > ({})", key_list(t, ref + "."), cursor_params(t));
  }
  if (!user.where.empty()) {
    match += " AND " + user.where;
  }
  const std::string change =
      spec.remove ? fmt::format("DELETE FROM {}{} WHERE {} RETURNING 1", relation, alias, match)
                  : fmt::format("UPDATE {}{} SET {} WHERE {} RETURNING 1", relation, alias,
                                user.set, match);
  std::string cursor_array;
  std::string cursor_out;
  for (std::size_t i = 0; i < t.key.size(); ++i) {
    cursor_array += fmt::format("{}(SELECT {}::text FROM last)", i ? ", " : "", batch_column(i));
    cursor_out +=
        fmt::format(", (SELECT {}::text FROM last) AS {}", batch_column(i), cursor_column(i));
  }
  return fmt::format(
      "WITH batch AS ({batch}),\n"
      "last AS (SELECT * FROM batch ORDER BY {desc} LIMIT 1),\n"
      "changed AS ({change}),\n"
      "saved AS (UPDATE {history} SET cursor = ARRAY[{cursor}], "
      "rows_done = rows_done + (SELECT count(*) FROM changed), "
      "rows_scanned = rows_scanned + (SELECT count(*) FROM batch), batches = batches + 1, "
      "updated_at = clock_timestamp() WHERE name = $2::text AND EXISTS (SELECT 1 FROM batch) "
      "RETURNING state, rows_done, rows_scanned)\n"
      "SELECT (SELECT count(*) FROM batch) AS scanned, (SELECT count(*) FROM changed) AS changed, "
      "(SELECT state FROM saved) AS state, (SELECT rows_done FROM saved) AS rows_done, "
      "(SELECT rows_scanned FROM saved) AS rows_scanned{cursor_out}",
      fmt::arg("batch", batch_select(t, relation, with_cursor)),
      fmt::arg("desc", batch_columns(t, " DESC")), fmt::arg("change", change),
      fmt::arg("history", history_table), fmt::arg("cursor", cursor_array),
      fmt::arg("cursor_out", cursor_out));
}

}  // namespace

std::string cursor_column(std::size_t i) {
  return "k" + std::to_string(i);
}

Result<BatchSql> batch_sql(const Spec& spec, const Table& table, const std::string& history_table) {
  Fragments user;
  auto fragment = [&](sql::Fragment kind, const std::string& text, const char* what,
                      std::string& out) {
    auto checked = sql::spliceable(kind, text);
    if (!checked) {
      return Status::error(Code::invalid_input, fmt::format("backfill \"{}\": its {} {}", spec.name,
                                                            what, checked.status().message()));
    }
    out = checked->sql();
    return Status::ok();
  };
  if (!spec.remove) {
    PGSHIFT_TRY(fragment(sql::Fragment::assignments, spec.set_sql, "SET list", user.set));
  }
  if (!spec.where_sql.empty()) {
    PGSHIFT_TRY(fragment(sql::Fragment::condition, spec.where_sql, "WHERE", user.where));
  }
  return BatchSql{statement(spec, user, table, history_table, false),
                  statement(spec, user, table, history_table, true)};
}

}  // namespace pgshift::backfill
