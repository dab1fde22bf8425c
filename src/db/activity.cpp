#include "db/activity.hpp"

#include <fmt/format.h>

#include "core/excerpt.hpp"
#include "core/redact.hpp"

namespace pgshift::db {

namespace {

// Another session's query is shown on one line of at most this many bytes.
constexpr std::size_t k_query_max = 120;

// The columns every query below selects from pg_stat_activity `a`. The query text is read in
// full (the server keeps at most track_activity_query_size, 1kB by default) and redacted before
// it is shortened, so that a password literal is recognised wherever it ends. With
// [report] other_queries = false it is not read at all.
std::string columns(const Session& s) {
  return std::string(
             "a.pid, coalesce(a.application_name, '') AS app, "
             "coalesce(host(a.client_addr), 'local socket') AS client, "
             "coalesce(a.state, '') AS state, "
             "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS "
             "since, "
             "extract(epoch FROM now() - a.backend_start)::bigint AS connected, "
             "coalesce(extract(epoch FROM now() - a.xact_start)::bigint, -1) AS xact, ") +
         (s.other_queries() ? "left(coalesce(a.query, ''), 65536)" : "''") + " AS query";
}

// Another session's query as reports show it: PASSWORD literals and connection passwords
// masked, on one short line.
std::string shown_query(const std::string& query) {
  return core::excerpt(core::redact_query(query), k_query_max);
}

std::vector<Backend> read(const Rows& r, bool with_mode) {
  std::vector<Backend> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    Backend b;
    b.pid = static_cast<int>(r.integer(i, "pid"));
    b.application = r.text(i, "app");
    b.client = r.text(i, "client");
    b.state = r.text(i, "state");
    b.since = r.text(i, "since");
    b.connected_seconds = r.integer(i, "connected");
    b.xact_seconds = r.integer(i, "xact", -1);
    b.query = shown_query(r.text(i, "query"));
    if (with_mode) {
      b.lock_mode = r.text(i, "mode");
    }
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<Backend>> run(Session& s, const std::string& sql,
                                 const std::vector<Param>& params, bool with_mode) {
  PGSHIFT_ASSIGN_OR_RETURN(auto r, s.query(sql, params));
  return read(r, with_mode);
}

}  // namespace

std::string Backend::describe() const {
  std::string out = fmt::format("pid {} (application \"{}\", {}", pid, application,
                                state.empty() ? "no state" : state);
  if (!lock_mode.empty()) {
    out += ", holds " + lock_mode;
  }
  if (xact_seconds >= 0) {
    out += fmt::format(", transaction {}s old", xact_seconds);
  } else {
    out += fmt::format(", connected since {}", since);
  }
  if (client != "local socket") {
    out += ", client " + client;
  }
  if (!query.empty()) {
    out += ", query \"" + query + "\"";
  }
  return out + ")";
}

void Backend::add_fields(Event& e, const std::string& prefix) const {
  e.with(prefix + "pid", static_cast<std::int64_t>(pid))
      .with(prefix + "application", application)
      .with(prefix + "client", client)
      .with(prefix + "state", state)
      .with(prefix + "since", since)
      .with(prefix + "transaction_seconds", static_cast<std::int64_t>(xact_seconds))
      .with(prefix + "query", query);
}

std::string describe_all(const std::vector<Backend>& backends) {
  std::string out;
  for (const auto& b : backends) {
    out += (out.empty() ? "" : "; ") + b.describe();
  }
  return out;
}

Result<std::vector<Backend>> blocking(Session& session, int pid) {
  return run(session,
             "SELECT " + columns(session) +
                 " FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids($1::integer)) "
                 "ORDER BY a.xact_start NULLS LAST",
             {std::to_string(pid)}, false);
}

Result<BatchSample> sample_batch(Session& session, int pid) {
  // Only ungranted locks are examined, so pg_blocking_pids runs once per waiting session.
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      session.query(
          "SELECT coalesce((SELECT max(extract(epoch FROM clock_timestamp() - l.waitstart) * 1000) "
          "FROM pg_locks l WHERE NOT l.granted AND l.waitstart IS NOT NULL "
          "AND $1::integer = ANY (pg_blocking_pids(l.pid))), 0)::bigint AS ms, "
          "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
          "AND state = 'active' AND datname = current_database() "
          "AND pid NOT IN ($1::integer, pg_backend_pid())) AS others",
          {std::to_string(pid)}));
  return BatchSample{r.integer(0, "ms"), static_cast<int>(r.integer(0, "others"))};
}

Result<std::vector<Backend>> advisory_holders(Session& session, unsigned classid, unsigned objid) {
  return run(session,
             "SELECT " + columns(session) +
                 " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                 "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                 "AND l.database = (SELECT oid FROM pg_database WHERE datname = "
                 "current_database()) AND l.classid = $1::oid AND l.objid = $2::oid",
             {std::to_string(classid), std::to_string(objid)}, false);
}

Result<std::vector<Backend>> long_lock_holders(Session& session,
                                               const std::vector<std::string>& relations,
                                               long long threshold_ms) {
  std::string list;
  for (const auto& r : relations) {
    // An array literal of the names; each element quoted for the array syntax.
    std::string quoted;
    for (char c : r) {
      if (c == '"' || c == '\\') {
        quoted += '\\';
      }
      quoted += c;
    }
    list += (list.empty() ? "\"" : ",\"") + quoted + "\"";
  }
  const std::string names = "{" + list + "}";
  // Almost always nobody else holds a lock on the table: a look at pg_locks alone says so
  // cheaply; pg_stat_activity is read only when someone does.
  PGSHIFT_ASSIGN_OR_RETURN(
      auto any,
      session.query(
          "SELECT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'relation' AND l.granted "
          "AND l.pid <> pg_backend_pid() AND l.relation = ANY (ARRAY(SELECT to_regclass(n) FROM "
          "unnest($1::text[]) n))) AS found",
          {names}));
  if (any.text(0, "found") != "t") {
    return std::vector<Backend>();
  }
  return run(session,
             "SELECT DISTINCT ON (a.pid) " + columns(session) +
                 ", l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                 "WHERE l.locktype = 'relation' AND l.granted AND a.pid <> pg_backend_pid() "
                 "AND l.relation = ANY (ARRAY(SELECT to_regclass(n) FROM unnest($1::text[]) n "
                 "WHERE to_regclass(n) IS NOT NULL)) "
                 "AND (a.state LIKE 'idle in transaction%' OR "
                 "a.xact_start < now() - $2::bigint * interval '1 millisecond') "
                 "ORDER BY a.pid",
             {names, std::to_string(threshold_ms)}, true);
}

}  // namespace pgshift::db
