#include "db/session.hpp"

#include <libpq-fe.h>
#include <pqxx/pqxx>

#include <map>
#include <mutex>
#include <stdexcept>

#include "core/conninfo.hpp"
#include "core/number.hpp"
#include "core/quote.hpp"
#include "core/redact.hpp"
#include "db/translate.hpp"

namespace pgshift::db {

namespace {

// Collects server notices instead of letting libpqxx print them to stderr: only the CLI
// writes to the terminal.
class NoticeCollector : public pqxx::errorhandler {
 public:
  NoticeCollector(pqxx::connection_base& c, std::vector<std::string>& sink)
      : pqxx::errorhandler(c), m_sink(sink) {}
  bool operator()(const char msg[]) noexcept override {
    try {
      std::string s(msg);
      while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
        s.pop_back();
      }
      m_sink.push_back(std::move(s));
    } catch (...) {
    }
    return false;  // handled: do not pass on to libpqxx's default (stderr) handler
  }

 private:
  std::vector<std::string>& m_sink;
};

// libpqxx 6 keeps libpq's connection to itself, and when the server ends a connection in the
// middle of a query it reports only "Could not obtain client encoding: not connected." (it
// builds the result after libpq marked the connection bad), losing the server's reason. libpq
// still holds that reason (PQerrorMessage); largeobject is the one libpqxx class that hands
// its derived classes the PGconn of a transaction.
struct RawConnection : pqxx::largeobject {
  using pqxx::largeobject::raw_connection;
};

// The first line of a server FATAL/PANIC message ("terminating connection due to
// administrator command"), or "" for other text.
std::string fatal_reason(const std::string& text) {
  for (const char* prefix : {"FATAL:  ", "PANIC:  "}) {
    const std::size_t at = text.find(prefix);
    if (at != std::string::npos) {
      const std::string rest = text.substr(at + std::string(prefix).size());
      return rest.substr(0, rest.find('\n'));
    }
  }
  return "";
}

}  // namespace

struct Session::Impl {
  std::unique_ptr<pqxx::connection> conn;
  PGconn* raw = nullptr;  // libpq's connection under conn, for the reason it was lost
  std::map<std::string, std::string> prepared;  // SQL text -> statement name
  std::vector<std::string> notices;
  std::unique_ptr<NoticeCollector> collector;
  std::string database;
  std::string application_name;
  bool other_queries = true;
  std::mutex cancel_mutex;

  // A lost connection's Status with the server's reason in place of libpqxx's words. The
  // server says why it ends a connection in a FATAL message: libpq passes it to the notice
  // collector when it arrives between queries, and keeps it as its error message when it
  // arrives as a query's result. Without either, the connection broke without a word.
  Status explain(Status st) {
    if (st.is_ok() || !is_connection_lost(st) || (conn && conn->is_open())) {
      return st;
    }
    std::string reason;
    for (auto it = notices.begin(); it != notices.end() && reason.empty();) {
      reason = fatal_reason(*it);
      it = reason.empty() ? it + 1 : notices.erase(it);  // reported here, not as a notice
    }
    if (reason.empty() && raw != nullptr) {
      const std::string libpq = PQerrorMessage(raw);
      reason = fatal_reason(libpq);
      if (reason.empty()) {
        reason = clean_message(libpq.substr(0, libpq.find('\n')));
      }
    }
    if (reason.empty()) {
      reason = "the server closed it without a reason";
    }
    return Status::error(Code::failed, "connection lost: " + reason)
        .with_sqlstate(sqlstate::connection_failure);
  }
};

Session::Session(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Session::~Session() {
  if (!m_impl) {
    return;
  }
  // Under the cancel mutex: a cancel() from the signal thread either finished before or sees
  // no connection. (The CancelToken makes sure none is still running once its callback is
  // removed; this keeps the connection itself from being torn down under a running one.)
  std::lock_guard<std::mutex> lock(m_impl->cancel_mutex);
  if (m_impl->conn) {
    m_impl->collector.reset();
    try {
      m_impl->conn->disconnect();
    } catch (...) {
    }
    m_impl->conn.reset();
  }
}

Result<std::unique_ptr<Session>> Session::connect(const std::string& url,
                                                  const std::string& application_name) {
  auto impl = std::make_unique<Impl>();
  const std::string target = core::with_fallback_application_name(url, application_name);
  try {
    impl->conn = std::make_unique<pqxx::connection>(target);
  } catch (const std::exception& e) {
    std::string where = url.empty() ? std::string("the server named by the PG* variables")
                                    : "\"" + core::redact_url(url) + "\"";
    std::string reason = core::redact_reason(clean_message(e.what()), target);
    if (core::userinfo_needs_encoding(url)) {
      reason +=
          " (a raw \"@\" or \"/\" in the URL's user name or password ends it early: "
          "percent-encode them as %40 and %2F)";
    }
    return Status::error(Code::failed, "cannot connect to " + where + ": " + reason)
        .with_sqlstate(sqlstate::connection_failure);
  }
  // A lost connection stays lost: libpqxx 6 would otherwise open a new session on the next
  // query, silently without the runner's advisory lock or the session's settings.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  impl->conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  impl->collector = std::make_unique<NoticeCollector>(*impl->conn, impl->notices);
  Status read = translate([&] {
    pqxx::read_transaction tx(*impl->conn);
    impl->raw = RawConnection::raw_connection(tx);
    const pqxx::row r = tx.exec1("SELECT current_database(), current_setting('application_name')");
    impl->database = r[0].c_str();
    impl->application_name = r[1].c_str();
    tx.commit();
  });
  if (!read) {
    return impl->explain(read);
  }
  return std::unique_ptr<Session>(new Session(std::move(impl)));
}

Status Session::set_application_name(const std::string& name) {
  PGSHIFT_TRY(exec("SET application_name = " + core::quote_literal(name)));
  PGSHIFT_ASSIGN_OR_RETURN(auto now, query("SELECT current_setting('application_name') AS app"));
  m_impl->application_name = now.text(0, "app");  // as the server keeps it (63 bytes)
  return Status::ok();
}

const std::string& Session::application_name() const {
  return m_impl->application_name;
}

void Session::set_other_queries(bool show) {
  m_impl->other_queries = show;
}

bool Session::other_queries() const {
  return m_impl->other_queries;
}

Status Session::exec(std::string_view sql) {
  return m_impl->explain(translate([&] {
    pqxx::nontransaction tx(*m_impl->conn);
    tx.exec(std::string(sql));
  }));
}

namespace {

void read_rows(const pqxx::result& r, Rows& out) {
  for (pqxx::row::size_type c = 0; c < r.columns(); ++c) {
    out.columns.emplace_back(r.column_name(c));
  }
  out.rows.reserve(r.size());
  for (const auto& row : r) {
    std::vector<std::optional<std::string>> values;
    values.reserve(row.size());
    for (const auto& f : row) {
      if (f.is_null()) {
        values.emplace_back(std::nullopt);
      } else {
        values.emplace_back(std::string(f.c_str(), f.size()));
      }
    }
    out.rows.push_back(std::move(values));
  }
}

}  // namespace

Result<Rows> Session::query(std::string_view sql, const std::vector<Param>& params) {
  Rows out;
  std::vector<const char*> raw;
  raw.reserve(params.size());
  for (const auto& p : params) {
    raw.push_back(p ? p->c_str() : nullptr);
  }
  const std::string text(sql);
  auto found = m_impl->prepared.find(text);
  const bool fresh = found == m_impl->prepared.end();
  const std::string name =
      fresh ? "pgshift_" + std::to_string(m_impl->prepared.size() + 1) : found->second;
  auto run_unprepared = [&] {
    return m_impl->explain(translate([&] {
      pqxx::nontransaction tx(*m_impl->conn);
      read_rows(tx.exec_params(text, pqxx::prepare::make_dynamic_params(raw)), out);
    }));
  };
  if (name.empty()) {
    Status u = run_unprepared();
    if (!u) {
      return u;
    }
    return out;
  }
  Status st = m_impl->explain(translate([&] {
    if (fresh) {
      m_impl->conn->prepare(name, text);
    }
    pqxx::nontransaction tx(*m_impl->conn);
    read_rows(tx.exec_prepared(name, pqxx::prepare::make_dynamic_params(raw)), out);
  }));
  if (fresh) {
    // Kept even when this first execution failed: libpqxx re-sends the PREPARE by itself if
    // the server did not accept it, and a name is never reused for other SQL.
    m_impl->prepared.emplace(text, name);
  } else if (st.sqlstate() == "26000") {
    // A migration ran DISCARD ALL or DEALLOCATE ALL: the server forgot the statement while
    // libpqxx still thinks it is prepared. Run it unprepared from now on.
    m_impl->prepared[text] = "";
    out = Rows();
    st = run_unprepared();
  }
  if (!st) {
    return st;
  }
  return out;
}

bool Session::alive() {
  try {
    m_impl->conn->get_notifs();  // PQconsumeInput: throws once the server has closed it
    return m_impl->conn->is_open();
  } catch (...) {
    return false;
  }
}

void Session::cancel() {
  std::lock_guard<std::mutex> lock(m_impl->cancel_mutex);
  if (!m_impl->conn) {
    return;
  }
  try {
    m_impl->conn->cancel_query();
  } catch (...) {
    // Nothing is running, or the connection is gone: nothing to cancel.
  }
}

int Session::backend_pid() const {
  return m_impl->conn->backendpid();
}
int Session::server_version() const {
  return m_impl->conn->server_version();
}
const std::string& Session::database() const {
  return m_impl->database;
}

std::vector<std::string> Session::take_notices() {
  std::vector<std::string> out;
  out.swap(m_impl->notices);
  return out;
}

Result<std::string> inline_params(std::string_view sql, const std::vector<Param>& params) {
  std::string out;
  out.reserve(sql.size() + 64 * params.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    std::size_t j = i + 1;
    while (sql[i] == '$' && j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
      ++j;
    }
    if (j == i + 1) {
      out += sql[i];
      continue;
    }
    const std::string_view digits = sql.substr(i + 1, j - i - 1);
    const std::size_t n = core::parse_number<std::size_t>(digits).value_or(0);
    if (n == 0 || n > params.size()) {
      return Status::error(Code::failed, "internal error: no parameter $" + std::string(digits) +
                                             " among " + std::to_string(params.size()));
    }
    const Param& p = params[n - 1];
    out += p ? core::quote_literal(*p) : "NULL";
    i = j - 1;
  }
  return out;
}

const std::optional<std::string>& Rows::at(std::size_t r, std::string_view column) const {
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (columns[c] == column) {
      return rows.at(r).at(c);
    }
  }
  throw std::out_of_range("no column \"" + std::string(column) + "\" in result");
}

std::string Rows::text(std::size_t r, std::string_view column, std::string fallback) const {
  const auto& v = at(r, column);
  return v ? *v : fallback;
}

long long Rows::integer(std::size_t r, std::string_view column, long long fallback) const {
  const auto& v = at(r, column);
  return v ? core::parse_number<long long>(*v).value_or(fallback) : fallback;
}

}  // namespace pgshift::db
