#include "db/session.hpp"

#include <pqxx/pqxx>

#include <mutex>
#include <stdexcept>

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

}  // namespace

struct Session::Impl {
  std::unique_ptr<pqxx::connection> conn;
  std::vector<std::string> notices;
  std::unique_ptr<NoticeCollector> collector;
  std::string database;
  std::mutex cancel_mutex;
};

Session::Session(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

Session::~Session() {
  if (m_impl && m_impl->conn) {
    m_impl->collector.reset();
    try {
      m_impl->conn->disconnect();
    } catch (...) {
    }
  }
}

Result<std::unique_ptr<Session>> Session::connect(const std::string& url,
                                                  const std::string& application_name) {
  auto impl = std::make_unique<Impl>();
  try {
    impl->conn = std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    std::string where = url.empty() ? std::string("the server named by the PG* variables")
                                    : "\"" + core::redact_url(url) + "\"";
    return Status::error(Code::failed,
                         "cannot connect to " + where + ": " + clean_message(e.what()))
        .with_sqlstate(sqlstate::connection_failure);
  }
  impl->collector = std::make_unique<NoticeCollector>(*impl->conn, impl->notices);
  auto s = std::unique_ptr<Session>(new Session(std::move(impl)));
  PGSHIFT_TRY(s->exec("SET application_name = " + core::quote_literal(application_name)));
  auto db = s->query("SELECT current_database()");
  if (!db) {
    return db.status();
  }
  s->m_impl->database = db->text(0, "current_database");
  return s;
}

Status Session::exec(std::string_view sql) {
  return translate([&] {
    pqxx::nontransaction tx(*m_impl->conn);
    tx.exec(std::string(sql));
  });
}

Result<Rows> Session::query(std::string_view sql, const std::vector<Param>& params) {
  Rows out;
  Status st = translate([&] {
    pqxx::nontransaction tx(*m_impl->conn);
    pqxx::result r;
    if (params.empty()) {
      r = tx.exec(std::string(sql));
    } else {
      std::vector<const char*> raw;
      raw.reserve(params.size());
      for (const auto& p : params) {
        raw.push_back(p ? p->c_str() : nullptr);
      }
      r = tx.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(raw));
    }
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
  });
  if (!st) {
    return st;
  }
  return out;
}

void Session::cancel() {
  std::lock_guard<std::mutex> lock(m_impl->cancel_mutex);
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
  return v ? std::stoll(*v) : fallback;
}

}  // namespace pgshift::db
