#include "history/backfills.hpp"

#include <nlohmann/json.hpp>

#include "core/quote.hpp"

namespace pgshift::history {

namespace {

constexpr const char* k_columns =
    "name, schema_name, table_name, action, coalesce(set_sql, '') AS set_sql, "
    "coalesce(where_sql, '') AS where_sql, array_to_json(key_columns)::text AS key_columns, "
    "coalesce(array_to_json(cursor)::text, '') AS cursor, rows_done, rows_scanned, batches, "
    "coalesce(rows_estimate, 0) AS rows_estimate, state, "
    "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS started, "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS updated, "
    "coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') "
    "AS finished, coalesce(pid, 0) AS pid, "
    "(pid IS NOT NULL AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = b.pid)) AS alive, "
    "role, coalesce(host, '') AS host, coalesce(error, '') AS error";

// A JSON array of strings as written by array_to_json (["a","b"]): keys and cursors may hold
// any text, so they travel as JSON rather than PostgreSQL's array syntax. Empty text (NULL):
// no elements.
std::vector<std::string> json_strings(const std::string& text) {
  if (text.empty()) {
    return {};
  }
  return nlohmann::json::parse(text).get<std::vector<std::string>>();
}

BackfillRow read_row(const db::Rows& r, std::size_t i) {
  BackfillRow b;
  b.name = r.text(i, "name");
  b.schema = r.text(i, "schema_name");
  b.table = r.text(i, "table_name");
  b.action = r.text(i, "action");
  b.set_sql = r.text(i, "set_sql");
  b.where_sql = r.text(i, "where_sql");
  b.key_columns = json_strings(r.text(i, "key_columns"));
  b.cursor = json_strings(r.text(i, "cursor"));
  b.rows_done = r.integer(i, "rows_done");
  b.rows_scanned = r.integer(i, "rows_scanned");
  b.batches = r.integer(i, "batches");
  b.rows_estimate = r.integer(i, "rows_estimate");
  b.state = r.text(i, "state");
  b.started_at = r.text(i, "started");
  b.updated_at = r.text(i, "updated");
  b.finished_at = r.text(i, "finished");
  b.pid = static_cast<int>(r.integer(i, "pid"));
  b.alive = r.text(i, "alive") == "t";
  b.role = r.text(i, "role");
  b.host = r.text(i, "host");
  b.error = r.text(i, "error");
  return b;
}

std::string pg_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += i ? "," : "";
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace

Backfills::Backfills(db::Session& session, std::string schema)
    : m_session(session), m_schema(std::move(schema)) {}

std::string Backfills::table() const {
  return core::quote_ident(m_schema) + "." + core::quote_ident("backfills");
}

Result<std::optional<BackfillRow>> Backfills::get(const std::string& name) {
  PGSHIFT_ASSIGN_OR_RETURN(auto r, m_session.query(std::string("SELECT ") + k_columns + " FROM " +
                                                       table() + " b WHERE name = $1",
                                                   {name}));
  if (r.empty()) {
    return std::optional<BackfillRow>();
  }
  return std::optional<BackfillRow>(read_row(r, 0));
}

Result<std::vector<BackfillRow>> Backfills::list(bool active_only) {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r, m_session.query(std::string("SELECT ") + k_columns + " FROM " + table() + " b" +
                              (active_only ? " WHERE state IN ('running', 'paused')" : "") +
                              " ORDER BY started_at DESC, name"));
  std::vector<BackfillRow> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    out.push_back(read_row(r, i));
  }
  return out;
}

Status Backfills::start(const BackfillRow& row) {
  return m_session
      .query("INSERT INTO " + table() +
                 " (name, schema_name, table_name, action, set_sql, where_sql, key_columns, "
                 "rows_estimate, state, pid, host) VALUES ($1, $2, $3, $4, nullif($5, ''), "
                 "nullif($6, ''), $7::text[], $8::bigint, 'running', pg_backend_pid(), $9) "
                 "ON CONFLICT (name) DO UPDATE SET schema_name = EXCLUDED.schema_name, "
                 "table_name = EXCLUDED.table_name, action = EXCLUDED.action, "
                 "set_sql = EXCLUDED.set_sql, where_sql = EXCLUDED.where_sql, "
                 "key_columns = EXCLUDED.key_columns, cursor = NULL, rows_done = 0, rows_scanned = "
                 "0, batches = 0, "
                 "rows_estimate = EXCLUDED.rows_estimate, state = 'running', "
                 "started_at = clock_timestamp(), updated_at = clock_timestamp(), "
                 "finished_at = NULL, pid = pg_backend_pid(), role = current_user, "
                 "host = EXCLUDED.host, error = NULL",
             {row.name, row.schema, row.table, row.action, row.set_sql, row.where_sql,
              pg_array(row.key_columns), std::to_string(row.rows_estimate), row.host})
      .status();
}

Status Backfills::claim(const std::string& name, const std::string& host, long long rows_estimate) {
  return m_session
      .query("UPDATE " + table() +
                 " SET state = 'running', pid = pg_backend_pid(), host = $2, "
                 "rows_estimate = $3::bigint, updated_at = clock_timestamp(), error = NULL, "
                 "finished_at = NULL WHERE name = $1",
             {name, host, std::to_string(rows_estimate)})
      .status();
}

Status Backfills::set_state(const std::string& name, const std::string& state,
                            const std::string& error) {
  return m_session
      .query("UPDATE " + table() +
                 " SET state = $2, error = nullif($3, ''), updated_at = clock_timestamp(), "
                 "finished_at = CASE WHEN $2 IN ('done', 'cancelled', 'failed') "
                 "THEN clock_timestamp() END, pid = CASE WHEN $2 = 'running' THEN pid END "
                 "WHERE name = $1",
             {name, state, error})
      .status();
}

Status Backfills::release(const std::string& name) {
  return m_session
      .query("UPDATE " + table() +
                 " SET pid = NULL, updated_at = clock_timestamp() "
                 "WHERE name = $1 AND pid = pg_backend_pid()",
             {name})
      .status();
}

Status Backfills::remove_prefix(const std::string& prefix) {
  return m_session.query("DELETE FROM " + table() + " WHERE starts_with(name, $1)", {prefix})
      .status();
}

}  // namespace pgshift::history
