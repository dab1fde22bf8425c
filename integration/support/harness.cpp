#include "support/harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "core/quote.hpp"
#include "core/redact.hpp"

namespace fs = std::filesystem;

namespace it {

namespace {

std::string random_suffix() {
  static std::mt19937_64 rng(std::random_device{}() ^ static_cast<unsigned long>(::getpid()) << 16);
  static const char* k_chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 10; ++i) {
    s += k_chars[rng() % 36];
  }
  return s;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<pgshift::db::Session> must_connect(const std::string& url, const std::string& app) {
  auto s = pgshift::db::Session::connect(url, app);
  REQUIRE_MESSAGE(s.is_ok(), s.status().message());
  return std::move(s).value();
}

std::string binary() {
  const char* b = std::getenv("PGSHIFT_BIN");
  REQUIRE_MESSAGE(b != nullptr, "PGSHIFT_BIN is not set (run the tests through ctest)");
  return b;
}

void check_no_password(const std::string& text) {
  const std::string pw = server_password();
  if (!pw.empty()) {
    CHECK_MESSAGE(text.find(pw) == std::string::npos, "pgshift printed the database password");
  }
}

pid_t spawn(const std::string& bin, const std::string& cwd, const std::string& url,
            const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& out_path, const std::string& err_path) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int devnull = ::open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    dup2(out, 1);
    dup2(err, 2);
    if (::chdir(cwd.c_str()) != 0) {
      _exit(126);
    }
    ::unsetenv("PGSHIFT_DATABASE_URL");
    ::unsetenv("DATABASE_URL");
    ::setenv("NO_COLOR", "1", 1);
    if (!url.empty()) {
      ::setenv("PGSHIFT_DATABASE_URL", url.c_str(), 1);
    }
    for (const auto& [k, v] : env) {
      ::setenv(k.c_str(), v.c_str(), 1);
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (const auto& a : args) {
      argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    // Unblock signals the test process may have blocked.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execvp(bin.c_str(), argv.data());  // a path, or a tool found through PATH
    _exit(127);
  }
  return pid;
}

int decode(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

}  // namespace

std::string server_url() {
  const char* u = std::getenv("PGSHIFT_TEST_URL");
  REQUIRE_MESSAGE(u != nullptr,
                  "PGSHIFT_TEST_URL is not set: integration tests need the sandbox server "
                  "(run scripts/test)");
  return u;
}

std::string server_password() {
  return pgshift::core::password_of(server_url());
}

std::string with_database(const std::string& url, const std::string& db) {
  // postgresql://user:pw@host:port/dbname[?params]
  auto scheme = url.find("://");
  REQUIRE_MESSAGE(scheme != std::string::npos, "PGSHIFT_TEST_URL must be a postgresql:// URL");
  auto slash = url.find('/', scheme + 3);
  auto query = url.find('?', scheme + 3);
  std::string head = url.substr(0, slash == std::string::npos ? query : slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + db + tail;
}

TempDb::TempDb() : m_name("pgshift_it_" + random_suffix()) {
  auto admin = must_connect(server_url(), "pgshift-test-admin");
  auto s = admin->exec("CREATE DATABASE " + pgshift::core::quote_ident(m_name));
  REQUIRE_MESSAGE(s.is_ok(), s.message());
  m_url = with_database(server_url(), m_name);
  m_session = must_connect(m_url, "pgshift-test");
}

TempDb::~TempDb() {
  m_session.reset();
  auto admin = pgshift::db::Session::connect(server_url(), "pgshift-test-admin");
  if (admin) {
    (void)(*admin)->exec("DROP DATABASE IF EXISTS " + pgshift::core::quote_ident(m_name) +
                         " WITH (FORCE)");
  }
}

std::unique_ptr<pgshift::db::Session> TempDb::connect(const std::string& app) const {
  return must_connect(m_url, app);
}

void TempDb::exec(const std::string& sql) const {
  auto s = m_session->exec(sql);
  REQUIRE_MESSAGE(s.is_ok(), s.message());
}

std::string TempDb::scalar(const std::string& sql) const {
  auto r = m_session->query(sql);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  if (r->empty() || r->columns.empty()) {
    return "";
  }
  const auto& v = r->rows[0][0];
  return v ? *v : "NULL";
}

Project::Project() {
  m_root = (fs::temp_directory_path() / ("pgshift-it-" + random_suffix())).string();
  fs::create_directories(m_root + "/migrations");
}

Project::~Project() {
  std::error_code ec;
  fs::remove_all(m_root, ec);
}

void Project::write(const std::string& file, const std::string& text) const {
  fs::path p =
      file.find('/') == std::string::npos ? fs::path(dir()) / file : fs::path(m_root) / file;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

void Project::remove(const std::string& file) const {
  fs::remove(fs::path(dir()) / file);
}

Outcome run(const std::string& cwd, const std::string& url, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env) {
  Background b(cwd, url, args, env);
  return b.wait();
}

Background::Background(const std::string& cwd, const std::string& url,
                       const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env) {
  std::string base = (fs::temp_directory_path() / ("pgshift-run-" + random_suffix())).string();
  m_out_path = base + ".out";
  m_err_path = base + ".err";
  m_pid = spawn(binary(), cwd, url, args, env, m_out_path, m_err_path);
}

Outcome run_program(const std::string& cwd, const std::string& program,
                    const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env) {
  std::string base = (fs::temp_directory_path() / ("pgshift-tool-" + random_suffix())).string();
  const std::string out_path = base + ".out";
  const std::string err_path = base + ".err";
  pid_t pid = spawn(program, cwd, "", args, env, out_path, err_path);
  int st = 0;
  ::waitpid(pid, &st, 0);
  Outcome o;
  o.exit_code = decode(st);
  o.out = read_file(out_path);
  o.err = read_file(err_path);
  std::error_code ec;
  fs::remove(out_path, ec);
  fs::remove(err_path, ec);
  return o;
}

Background::~Background() {
  if (!m_waited && m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    int st = 0;
    ::waitpid(m_pid, &st, 0);
  }
  std::error_code ec;
  fs::remove(m_out_path, ec);
  fs::remove(m_err_path, ec);
}

void Background::signal(int sig) const {
  ::kill(m_pid, sig);
}

Outcome Background::wait() {
  Outcome o;
  int st = 0;
  ::waitpid(m_pid, &st, 0);
  m_waited = true;
  o.exit_code = decode(st);
  o.out = read_file(m_out_path);
  o.err = read_file(m_err_path);
  check_no_password(o.out);
  check_no_password(o.err);
  return o;
}

std::string Background::output_so_far() const {
  return read_file(m_out_path) + read_file(m_err_path);
}

bool eventually(const std::function<bool()>& predicate, double seconds) {
  auto until = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  while (std::chrono::steady_clock::now() < until) {
    if (predicate()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return predicate();
}

unsigned test_seed(const std::string& test) {
  unsigned seed = 0;
  const char* given = std::getenv("PGSHIFT_TEST_SEED");
  if (given && *given) {
    char* end = nullptr;
    seed = static_cast<unsigned>(std::strtoul(given, &end, 10));
    REQUIRE_MESSAGE(*end == '\0', "PGSHIFT_TEST_SEED is not a number: " << given);
  } else {
    seed = std::random_device{}();
  }
  std::fprintf(stderr, "%s: seed %u (replay with PGSHIFT_TEST_SEED=%u)\n", test.c_str(), seed,
               seed);
  return seed;
}

void must(const pgshift::Status& s) {
  REQUIRE_MESSAGE(s.is_ok(), s.message());
}

std::vector<nlohmann::json> events_of(const std::string& output, const std::string& kind) {
  std::vector<nlohmann::json> out;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.front() != '{') {
      continue;
    }
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.value("event", "") == kind) {
      out.push_back(std::move(j));
    }
  }
  return out;
}

void wait_until_running(const TempDb& db, const std::string& fragment) {
  auto watcher = db.connect("watcher");
  bool running = eventually([&] {
    auto r = watcher->query(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND "
        "application_name = 'pgshift' AND state = 'active' AND position($1 in query) > 0",
        {fragment});
    return r.is_ok() && r->text(0, "n") == "1";
  });
  REQUIRE_MESSAGE(running, "pgshift never started running " << fragment);
}

void table_must_exist(const TempDb& db, const std::string& table) {
  CHECK_MESSAGE(db.scalar("SELECT to_regclass(" + pgshift::core::quote_literal(table) +
                          ") IS NOT NULL") == "t",
                "table \"" << table << "\" must exist");
}

void table_must_not_exist(const TempDb& db, const std::string& table) {
  CHECK_MESSAGE(
      db.scalar("SELECT to_regclass(" + pgshift::core::quote_literal(table) + ") IS NULL") == "t",
      "table \"" << table << "\" must not exist");
}

namespace {
// Columns of tables only: a version schema's views have columns of the same names.
const std::string columns_of_tables =
    "SELECT count(*) FROM information_schema.columns c JOIN information_schema.tables t USING "
    "(table_schema, table_name) WHERE t.table_type = 'BASE TABLE' AND c.table_name = ";
}  // namespace

void column_must_exist(const TempDb& db, const std::string& table, const std::string& column) {
  CHECK_MESSAGE(db.scalar(columns_of_tables + pgshift::core::quote_literal(table) +
                          " AND c.column_name = " + pgshift::core::quote_literal(column)) == "1",
                "column \"" << column << "\" must exist on \"" << table << "\"");
}

void column_must_not_exist(const TempDb& db, const std::string& table, const std::string& column) {
  CHECK_MESSAGE(db.scalar(columns_of_tables + pgshift::core::quote_literal(table) +
                          " AND c.column_name = " + pgshift::core::quote_literal(column)) == "0",
                "column \"" << column << "\" must not exist on \"" << table << "\"");
}

void index_must_be_valid(const TempDb& db, const std::string& index) {
  CHECK_MESSAGE(db.scalar("SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname = '" +
                          index + "'") == "1",
                "exactly one index \"" << index << "\" must exist");
  CHECK_MESSAGE(db.scalar("SELECT coalesce((SELECT indisvalid AND indisready FROM pg_index "
                          "WHERE indexrelid = to_regclass('" +
                          index + "'))::text, 'missing')") == "true",
                "index \"" << index << "\" must be valid");
}

void index_must_not_exist(const TempDb& db, const std::string& index) {
  CHECK_MESSAGE(db.scalar("SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname = " +
                          pgshift::core::quote_literal(index)) == "0",
                "index \"" << index << "\" must not exist");
}

int history_rows(const TempDb& db) {
  if (db.scalar("SELECT to_regclass('pgshift.migrations') IS NULL") == "t") {
    return 0;
  }
  return std::stoi(db.scalar("SELECT count(*) FROM pgshift.migrations"));
}

std::string history_state(const TempDb& db, const std::string& version) {
  if (db.scalar("SELECT to_regclass('pgshift.migrations') IS NULL") == "t") {
    return "";
  }
  return history_column(db, version, "state");
}

std::string history_column(const TempDb& db, const std::string& version,
                           const std::string& column) {
  return db.scalar("SELECT " + column + " FROM pgshift.migrations WHERE version = " +
                   pgshift::core::quote_literal(version));
}

int events_with(const TempDb& db, const std::string& action, const std::string& outcome) {
  if (db.scalar("SELECT to_regclass('pgshift.events') IS NULL") == "t") {
    return 0;
  }
  return std::stoi(db.scalar(
      "SELECT count(*) FROM pgshift.events WHERE action = " + pgshift::core::quote_literal(action) +
      " AND outcome = " + pgshift::core::quote_literal(outcome)));
}

std::string schema_fingerprint(const TempDb& db) {
  return db.scalar(
      "SELECT coalesce(string_agg(x, E'\\n' ORDER BY x), '') FROM ("
      " SELECT 'col ' || c.table_schema || '.' || c.table_name || '.' || c.column_name || ' ' || "
      "   c.data_type || ' ' || c.is_nullable AS x FROM information_schema.columns c "
      "   WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')"
      " UNION ALL SELECT 'idx ' || schemaname || '.' || indexname || ' ' || indexdef "
      "   FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
      " UNION ALL SELECT 'schema ' || nspname FROM pg_namespace"
      "   WHERE nspname NOT LIKE 'pg_%' AND nspname <> 'information_schema') s");
}

}  // namespace it
