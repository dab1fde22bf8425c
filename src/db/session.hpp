// Session: one PostgreSQL connection, the only place libpqxx is used (src/db/).
//
// Everything runs on the simple or extended query protocol of a plain connection; pgshift
// writes BEGIN/COMMIT itself, so it controls exactly what runs in which transaction. Every
// libpqxx exception is translated into a Status here (see error.hpp), never thrown past.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/error.hpp"
#include "pgshift/status.hpp"

namespace pgshift::db {

using Param = std::optional<std::string>;  // nullopt is SQL NULL

// A query result as text, by row and column.
class Rows {
 public:
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  std::size_t size() const { return rows.size(); }
  bool empty() const { return rows.empty(); }
  // Value of `column` in row r; nullopt for NULL. Unknown column names are a programming error
  // and throw std::out_of_range.
  const std::optional<std::string>& at(std::size_t r, std::string_view column) const;
  // Same, with NULL as `fallback`.
  std::string text(std::size_t r, std::string_view column, std::string fallback = "") const;
  // The value of a column the query casts to an integer type; `fallback` for NULL, and (never
  // thrown) for text that is not a whole number.
  long long integer(std::size_t r, std::string_view column, long long fallback = 0) const;
};

// `sql` with each $N replaced by params[N-1] as a quoted literal (NULL for nullopt), for
// sending a parameterized statement inside a multi-statement simple query. Placeholders must not
// appear inside string literals of `sql` (true of pgshift's own statements). A placeholder
// without its parameter is a programming error, returned as an internal error.
Result<std::string> inline_params(std::string_view sql, const std::vector<Param>& params);

class Session {
 public:
  // Connects to `url` (URL or conninfo; empty = libpq's PG* variables). `application_name` is
  // the name shown in pg_stat_activity when neither the URL (application_name=) nor PGAPPNAME
  // gives one: the name a deploy chose is kept. Errors: failed, with the URL shown redacted and
  // libpq's reason without any piece of a password (core::redact_reason).
  static Result<std::unique_ptr<Session>> connect(const std::string& url,
                                                  const std::string& application_name);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // The session's application_name as the server has it, and a new one (a helper connection
  // adds a suffix to the run's name).
  const std::string& application_name() const;
  Status set_application_name(const std::string& name);

  // Whether reports read through this session (db/activity.hpp) show other sessions' query
  // text ([report] other_queries); true by default.
  void set_other_queries(bool show);
  bool other_queries() const;

  // Runs SQL on the simple query protocol (may hold several statements). Every error of this
  // class that says the connection was lost gives the server's reason when it sent one
  // ("connection lost: terminating connection due to administrator command"), and a lost
  // connection stays lost: no query reconnects.
  Status exec(std::string_view sql);
  // Runs one of pgshift's own statements, with bound parameters ($1, $2, ...), and returns its
  // rows. Each distinct SQL text is prepared once per session and reused: history writes, lock
  // and pre-flight queries run once per migration, and parsing and planning them each time
  // cost more than running them. (Migration SQL goes through exec().)
  Result<Rows> query(std::string_view sql, const std::vector<Param>& params = {});

  // True while the connection is up, found without a round trip (reads what the server may
  // have sent, e.g. the FATAL of a terminated backend).
  bool alive();

  // Cancels the query running on this session now. Safe to call from another thread.
  void cancel();

  int backend_pid() const;
  int server_version() const;           // e.g. 150004
  const std::string& database() const;  // current database name
  // Server NOTICE/WARNING messages received since the last call.
  std::vector<std::string> take_notices();

 private:
  struct Impl;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace pgshift::db
