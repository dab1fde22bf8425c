#include "history/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "core/number.hpp"
#include "core/quote.hpp"
#include "core/version.hpp"
#include "db/transaction.hpp"

namespace pgshift::history {

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) {
      out += ',';
    }
    out += s;
  }
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

// Layout 1. Later layouts add numbered upgrade steps; a database is never downgraded.
constexpr const char* k_layout_v1 = R"(
CREATE SCHEMA IF NOT EXISTS {s};
CREATE TABLE {s}.meta (
  key   text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE {s}.migrations (
  version                numeric PRIMARY KEY,
  name                   text NOT NULL,
  kind                   text NOT NULL CHECK (kind IN ('sql', 'ops')),
  state                  text NOT NULL CHECK (state IN ('applied', 'partial', 'expanded', 'failed')),
  checksum_up            text,
  checksum_down          text,
  checksum_mode          text NOT NULL,
  statements_done        integer NOT NULL DEFAULT 0,
  statement_checksums    text[] NOT NULL DEFAULT '{{}}',
  started_at             timestamptz NOT NULL,
  finished_at            timestamptz,
  duration_ms            bigint,
  applied_by_role        text NOT NULL,
  applied_by_host        text,
  applied_by_application text,
  tool_version           text NOT NULL,
  baseline               boolean NOT NULL DEFAULT false,
  error                  text
);
CREATE TABLE {s}.events (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT clock_timestamp(),
  action       text NOT NULL,
  version      numeric,
  name         text,
  outcome      text NOT NULL,
  detail       text,
  role         text NOT NULL,
  host         text,
  application  text,
  tool_version text NOT NULL
);
INSERT INTO {s}.meta (key, value) VALUES ('schema_version', '1');
)";

// Layout 2 adds the backfills table (docs/design.md §5): one row per batched backfill, whose cursor
// and counts each batch updates in its own transaction (src/backfill/batch_sql.hpp).
constexpr const char* k_layout_v2 = R"(
CREATE TABLE {s}.backfills (
  name         text PRIMARY KEY,
  schema_name  text NOT NULL,
  table_name   text NOT NULL,
  action       text NOT NULL CHECK (action IN ('update', 'delete')),
  set_sql      text,
  where_sql    text,
  key_columns  text[] NOT NULL,
  cursor       text[],
  rows_done    bigint NOT NULL DEFAULT 0,
  rows_scanned bigint NOT NULL DEFAULT 0,
  batches      bigint NOT NULL DEFAULT 0,
  rows_estimate bigint,
  state        text NOT NULL CHECK (state IN ('running', 'paused', 'cancelled', 'done', 'failed')),
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at  timestamptz,
  pid          integer,
  role         text NOT NULL DEFAULT current_user,
  host         text,
  error        text
))";

// Layout 3 stores versions as text: a dotted version (Flyway's 1.10 is not 1.1) and a
// repeatable migration's key (R__<description>) are not numbers. pgshift orders rows itself
// (core/version.hpp).
constexpr const char* k_layout_v3_migrations =
    "ALTER TABLE {s}.migrations ALTER COLUMN version TYPE text USING version::text";
constexpr const char* k_layout_v3_events =
    "ALTER TABLE {s}.events ALTER COLUMN version TYPE text USING version::text";

// The steps from layout 1 to k_schema_version: each brings an older layout up by one.
struct Upgrade {
  int to;
  std::vector<const char*> ddl;
};
const Upgrade k_upgrades[] = {
    {2, {k_layout_v2}},
    {3, {k_layout_v3_migrations, k_layout_v3_events}},
};

// Runs `sql` (several statements) in one transaction: all of it lands, or none.
Status in_transaction(db::Session& session, const std::string& sql) {
  PGSHIFT_ASSIGN_OR_RETURN(auto tx, db::Transaction::begin(session));
  PGSHIFT_TRY(session.exec(sql));
  return tx.commit();
}

}  // namespace

Store::Store(db::Session& session, std::string schema, Actor actor)
    : m_session(session), m_schema(std::move(schema)), m_actor(std::move(actor)) {}

std::string Store::table(const char* name) const {
  return core::quote_ident(m_schema) + "." + core::quote_ident(name);
}

Result<bool> Store::installed() {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r, m_session.query("SELECT to_regclass($1) IS NOT NULL AS present", {table("meta")}));
  return r.text(0, "present") == "t";
}

Status Store::check_search_path() {
  // With the default search_path ("$user", public), a role named like the history schema
  // makes that schema the default for every unqualified CREATE in the migrations.
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      m_session.query(
          "SELECT current_user = $1 AND current_setting('search_path') ~ '\\$user' AS clash, "
          "current_user AS role, current_setting('search_path') AS path",
          {m_schema}));
  if (r.text(0, "clash") != "t") {
    return Status::ok();
  }
  return Status::error(
      Code::invalid_input,
      fmt::format("history schema \"{}\" has the name of the connecting role and search_path is "
                  "{}: every unqualified table the migrations create would land in pgshift's "
                  "history schema; set history_schema (or --history-schema) to another name, "
                  "or connect as another role",
                  m_schema, r.text(0, "path")));
}

Status Store::install_or_upgrade() {
  PGSHIFT_TRY(check_search_path());
  PGSHIFT_ASSIGN_OR_RETURN(auto present, installed());
  const std::string q = core::quote_ident(m_schema);
  const std::string meta = table("meta");
  if (!present) {
    std::string ddl = fmt::format(k_layout_v1, fmt::arg("s", q));
    for (const Upgrade& u : k_upgrades) {
      for (const char* statement : u.ddl) {
        ddl += fmt::format(fmt::runtime(statement), fmt::arg("s", q)) + ";\n";
      }
    }
    ddl += fmt::format("UPDATE {} SET value = '{}' WHERE key = 'schema_version';\n", meta,
                       k_schema_version);
    return in_transaction(m_session, ddl).context("cannot create history schema");
  }
  auto v = m_session.query("SELECT value FROM " + meta + " WHERE key = 'schema_version'");
  if (!v) {
    return v.status();
  }
  auto layout = core::parse_integer(v->empty() ? "0" : v->text(0, "value", "0"),
                                    "history schema \"" + m_schema + "\" layout version");
  if (!layout) {
    return Status::error(Code::drift, layout.status().message());
  }
  const long long found = *layout;
  if (found > k_schema_version) {
    return Status::error(Code::drift,
                         fmt::format("history schema \"{}\" has layout {}, newer than this pgshift "
                                     "understands ({}): upgrade pgshift",
                                     m_schema, found, k_schema_version));
  }
  if (found < 1) {
    return Status::error(Code::drift,
                         fmt::format("history schema \"{}\" has no layout version: it was not "
                                     "created by pgshift",
                                     m_schema));
  }
  for (const Upgrade& u : k_upgrades) {
    if (u.to <= found) {
      continue;
    }
    // Each step re-reads the version under a row lock and skips what another runner (a
    // backfill does not hold the runner lock) upgraded meanwhile.
    std::string body = "BEGIN IF (SELECT value FROM " + meta +
                       " WHERE key = 'schema_version') = '" + std::to_string(u.to - 1) + "' THEN ";
    for (const char* statement : u.ddl) {
      // The history schema's name is the user's: each body gets a tag it does not contain.
      body += "EXECUTE " +
              core::dollar_quote(fmt::format(fmt::runtime(statement), fmt::arg("s", q)), "ddl") +
              "; ";
    }
    body += "UPDATE " + meta + " SET value = '" + std::to_string(u.to) +
            "' WHERE key = 'schema_version'; END IF; END";
    std::string sql = "SELECT value FROM " + meta +
                      " WHERE key = 'schema_version' FOR UPDATE;\nDO " + core::dollar_quote(body);
    Status st = in_transaction(m_session, sql);
    if (!st) {
      return st.context(
          fmt::format("cannot upgrade history schema \"{}\" to layout {}", m_schema, u.to));
    }
  }
  return Status::ok();
}

namespace {

constexpr std::pair<Kind, const char*> k_kinds[] = {{Kind::sql, "sql"}, {Kind::ops, "ops"}};
constexpr std::pair<RowState, const char*> k_states[] = {{RowState::applied, "applied"},
                                                         {RowState::partial, "partial"},
                                                         {RowState::expanded, "expanded"},
                                                         {RowState::failed, "failed"}};

template <typename E, std::size_t N>
const char* name_of(const std::pair<E, const char*> (&table)[N], E value) {
  for (const auto& [v, name] : table) {
    if (v == value) {
      return name;
    }
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const std::pair<E, const char*> (&table)[N], std::string_view name) {
  for (const auto& [v, n] : table) {
    if (name == n) {
      return v;
    }
  }
  return std::nullopt;
}

}  // namespace

const char* kind_name(Kind kind) {
  return name_of(k_kinds, kind);
}
const char* state_name(RowState state) {
  return name_of(k_states, state);
}
std::optional<Kind> parse_kind(std::string_view name) {
  return value_of(k_kinds, name);
}
std::optional<RowState> parse_state(std::string_view name) {
  return value_of(k_states, name);
}

Result<std::vector<MigrationRow>> Store::load() {
  std::vector<MigrationRow> out;
  PGSHIFT_ASSIGN_OR_RETURN(auto present, installed());
  if (!present) {
    return out;
  }
  auto r = m_session.query(
      "SELECT version::text AS version, name, kind, state, coalesce(checksum_up, '') AS up, "
      "coalesce(checksum_down, '') AS down, checksum_mode, statements_done, "
      "array_to_string(statement_checksums, ',') AS stmts, "
      "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS started, "
      "coalesce(to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '') "
      "AS finished, coalesce(duration_ms, 0) AS duration_ms, applied_by_role, "
      "coalesce(applied_by_host, '') AS host, coalesce(applied_by_application, '') AS app, "
      "tool_version, baseline, coalesce(error, '') AS error FROM " +
      table("migrations"));
  if (!r) {
    return r.status();
  }
  for (std::size_t i = 0; i < r->size(); ++i) {
    MigrationRow m;
    m.version = r->text(i, "version");
    m.name = r->text(i, "name");
    const std::string kind = r->text(i, "kind");
    const std::string state = r->text(i, "state");
    const std::optional<Kind> k = parse_kind(kind);
    const std::optional<RowState> st = parse_state(state);
    if (!k || !st) {  // only when the CHECK constraints were dropped
      return Status::error(
          Code::drift, fmt::format("history row of version {} has an unknown {} \"{}\"", m.version,
                                   k ? "state" : "kind", k ? state : kind));
    }
    m.kind = *k;
    m.state = *st;
    m.checksum_up = r->text(i, "up");
    m.checksum_down = r->text(i, "down");
    m.checksum_mode = r->text(i, "checksum_mode");
    m.statements_done = static_cast<int>(r->integer(i, "statements_done"));
    m.statement_checksums = split(r->text(i, "stmts"));
    m.started_at = r->text(i, "started");
    m.finished_at = r->text(i, "finished");
    m.duration_ms = r->integer(i, "duration_ms");
    m.applied_by_role = r->text(i, "applied_by_role");
    m.applied_by_host = r->text(i, "host");
    m.applied_by_application = r->text(i, "app");
    m.tool_version = r->text(i, "tool_version");
    m.baseline = r->text(i, "baseline") == "t";
    m.error = r->text(i, "error");
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const MigrationRow& a, const MigrationRow& b) {
    return core::compare_versions(a.version, b.version) < 0;
  });
  return out;
}

Result<std::optional<std::string>> Store::baseline_version() {
  auto r =
      m_session.query("SELECT value FROM " + table("meta") + " WHERE key = 'baseline_version'");
  if (!r) {
    return r.status();
  }
  if (r->empty()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(r->text(0, "value"));
}

Status Store::set_baseline_version(const std::string& version) {
  return m_session
      .query("INSERT INTO " + table("meta") +
                 " (key, value) VALUES ('baseline_version', $1) "
                 "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
             {version})
      .status();
}

namespace {

// The upsert of a migration row; started_at keeps the first attempt's time on conflict so a
// resumed non-transactional file reports when it really began.
constexpr const char* k_upsert = R"(
INSERT INTO {m} AS t (version, name, kind, state, checksum_up, checksum_down, checksum_mode,
  statements_done, statement_checksums, started_at, finished_at, duration_ms, applied_by_role,
  applied_by_host, applied_by_application, tool_version, baseline, error)
VALUES ($1, $2, $3, $4, nullif($5, ''), nullif($6, ''), $7, $8::integer,
  coalesce(string_to_array(nullif($9, ''), ','), '{{}}'), now(), clock_timestamp(), $10::bigint, current_user,
  $11, $12, $13, $14::boolean, nullif($15, ''))
ON CONFLICT (version) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
  state = EXCLUDED.state, checksum_up = EXCLUDED.checksum_up,
  checksum_down = EXCLUDED.checksum_down, checksum_mode = EXCLUDED.checksum_mode,
  statements_done = EXCLUDED.statements_done, statement_checksums = EXCLUDED.statement_checksums,
  finished_at = EXCLUDED.finished_at, duration_ms = EXCLUDED.duration_ms,
  applied_by_role = EXCLUDED.applied_by_role, applied_by_host = EXCLUDED.applied_by_host,
  applied_by_application = EXCLUDED.applied_by_application,
  tool_version = EXCLUDED.tool_version, baseline = EXCLUDED.baseline, error = EXCLUDED.error
RETURNING 1)";

// "INSERT INTO events ..." whose parameters start at $first: action, version, name, outcome,
// detail, host, application, tool_version (8 parameters, see event_params).
std::string event_insert(const std::string& events_table, int first) {
  auto p = [first](int i) { return "$" + std::to_string(first + i); };
  return "INSERT INTO " + events_table +
         " (action, version, name, outcome, detail, role, host, application, tool_version) "
         "VALUES (" +
         p(0) + ", nullif(" + p(1) + ", ''), nullif(" + p(2) + ", ''), " + p(3) + ", nullif(" +
         p(4) + ", ''), current_user, " + p(5) + ", " + p(6) + ", " + p(7) + ")";
}

void add_event_params(std::vector<db::Param>& p, const EventRow& e, const Actor& a) {
  p.insert(p.end(), {e.action, e.version, e.name, e.outcome, e.detail, a.host, a.application,
                     a.tool_version});
}

std::vector<db::Param> row_params(const MigrationRow& row, const Actor& actor) {
  return {row.version,
          row.name,
          kind_name(row.kind),
          state_name(row.state),
          row.checksum_up,
          row.checksum_down,
          row.checksum_mode,
          std::to_string(row.statements_done),
          join(row.statement_checksums),
          std::to_string(row.duration_ms),
          actor.host,
          actor.application,
          actor.tool_version,
          row.baseline ? "true" : "false",
          row.error};
}

}  // namespace

Store::Statement Store::save_statement(const MigrationRow& row, const EventRow& event) const {
  Statement st;
  st.sql = "WITH m AS (" + fmt::format(k_upsert, fmt::arg("m", table("migrations"))) + ") " +
           event_insert(table("events"), 16);
  st.params = row_params(row, m_actor);
  add_event_params(st.params, event, m_actor);
  return st;
}

Status Store::save(const MigrationRow& row, const EventRow& event) {
  auto st = save_statement(row, event);
  return m_session.query(st.sql, st.params).status();
}

Store::Statement Store::progress_statement(const MigrationRow& row) const {
  return Statement{fmt::format(k_upsert, fmt::arg("m", table("migrations"))),
                   row_params(row, m_actor)};
}

Status Store::save_progress(const MigrationRow& row) {
  auto st = progress_statement(row);
  return m_session.query(st.sql, st.params).status();
}

Store::Statement Store::remove_statement(const std::string& version, const EventRow& event) const {
  Statement st;
  st.sql = "WITH d AS (DELETE FROM " + table("migrations") + " WHERE version = $1 RETURNING 1) " +
           event_insert(table("events"), 2);
  st.params = {version};
  add_event_params(st.params, event, m_actor);
  return st;
}

Status Store::remove(const std::string& version, const EventRow& event) {
  auto st = remove_statement(version, event);
  return m_session.query(st.sql, st.params).status();
}

Status Store::update_checksums(const MigrationRow& row, const EventRow& event) {
  std::string sql = "WITH u AS (UPDATE " + table("migrations") +
                    " SET checksum_up = nullif($2, ''), checksum_down = nullif($3, ''), "
                    "checksum_mode = $4, statement_checksums = "
                    "coalesce(string_to_array(nullif($5, ''), ','), '{}'), error = NULL WHERE "
                    "version = $1 RETURNING 1) " +
                    event_insert(table("events"), 6);
  std::vector<db::Param> params{row.version, row.checksum_up, row.checksum_down, row.checksum_mode,
                                join(row.statement_checksums)};
  add_event_params(params, event, m_actor);
  return m_session.query(sql, params).status();
}

Status Store::record_event(const EventRow& event) {
  std::vector<db::Param> params;
  add_event_params(params, event, m_actor);
  return m_session.query(event_insert(table("events"), 1), params).status();
}

Result<std::vector<EventRow>> Store::recent_events(int limit) {
  std::vector<EventRow> out;
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      m_session.query(
          "SELECT action, coalesce(version::text, '') AS version, coalesce(name, '') AS name, "
          "outcome, coalesce(detail, '') AS detail, "
          "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, role, "
          "coalesce(host, '') AS host FROM " +
              table("events") + " ORDER BY id DESC LIMIT $1::integer",
          {std::to_string(limit)}));
  for (std::size_t i = 0; i < r.size(); ++i) {
    out.push_back(EventRow{r.text(i, "action"), r.text(i, "version"), r.text(i, "name"),
                           r.text(i, "outcome"), r.text(i, "detail"), r.text(i, "at"),
                           r.text(i, "role"), r.text(i, "host")});
  }
  return out;
}

namespace {

constexpr const char* k_event_columns =
    "SELECT action, coalesce(version::text, '') AS version, coalesce(name, '') AS name, "
    "outcome, coalesce(detail, '') AS detail, "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS at, role, "
    "coalesce(host, '') AS host FROM ";

std::optional<EventRow> first_event(const db::Rows& r) {
  if (r.empty()) {
    return std::nullopt;
  }
  return EventRow{r.text(0, "action"),  r.text(0, "version"), r.text(0, "name"),
                  r.text(0, "outcome"), r.text(0, "detail"),  r.text(0, "at"),
                  r.text(0, "role"),    r.text(0, "host")};
}

}  // namespace

Result<std::optional<EventRow>> Store::latest_event(const std::string& action,
                                                    const std::string& version) {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r, m_session.query(std::string(k_event_columns) + table("events") +
                                  " WHERE action = $1 AND version = $2 ORDER BY id DESC LIMIT 1",
                              {action, version}));
  return first_event(r);
}

Result<std::optional<EventRow>> Store::latest_run_event(const std::string& action) {
  PGSHIFT_ASSIGN_OR_RETURN(auto present, installed());
  if (!present) {
    return std::optional<EventRow>{};
  }
  auto r = m_session.query(std::string(k_event_columns) + table("events") +
                               " WHERE action = $1 AND name IS NULL ORDER BY id DESC LIMIT 1",
                           {action});
  if (!r) {
    return r.status();
  }
  return first_event(*r);
}

}  // namespace pgshift::history
