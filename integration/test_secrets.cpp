// Secrets stay secret (docs/reliability.md, "Secrets and error messages"): connection
// passwords of every kind are masked in every message, libpq's reasons never echo a piece of a
// password it misread, other sessions' queries are shown redacted and short (or not at all with
// [report] other_queries = false), in the terminal, in --json and in pgshift.events; and the
// application_name a deploy gives is what operators see.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <memory>
#include <sstream>
#include <string>

#include "core/quote.hpp"
#include "lock/key.hpp"
#include "support/harness.hpp"

using namespace it;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `url` with `param` added to its query.
std::string with_param(const std::string& url, const std::string& param) {
  return url + (contains(url, "?") ? "&" : "?") + param;
}

// `url` with its password replaced by `password`, written as is (not percent-encoded).
std::string with_raw_password(const std::string& url, const std::string& password) {
  const std::string real = server_password();
  REQUIRE_MESSAGE(!real.empty(), "PGSHIFT_TEST_URL must carry a password for this test");
  std::string out = url;
  auto at = out.find(":" + real + "@");
  REQUIRE(at != std::string::npos);
  out.replace(at + 1, real.size(), password);
  return out;
}

// A role made for one test case (roles belong to the cluster, not the test's database).
class TempRole {
 public:
  explicit TempRole(const TempDb& db) : m_name(db.name() + "_role") {
    db.exec("CREATE ROLE " + pgshift::core::quote_ident(m_name));
    m_admin = db.connect("pgshift-test-admin");
  }
  ~TempRole() { (void)m_admin->exec("DROP ROLE IF EXISTS " + pgshift::core::quote_ident(m_name)); }
  const std::string& name() const { return m_name; }

 private:
  std::string m_name;
  std::unique_ptr<pgshift::db::Session> m_admin;
};

// A session idle in a transaction that holds a lock on table t, whose last statement set a
// role's password: what an operator's psql looks like mid-way through a password change.
constexpr const char* k_password = "hunter2Secret";

std::unique_ptr<pgshift::db::Session> idle_password_changer(const TempDb& db,
                                                            const TempRole& role) {
  auto s = db.connect("psql");
  must(s->exec("BEGIN"));
  must(s->exec("SELECT count(*) FROM t"));  // AccessShareLock on t, held to the end
  // Longer than the 120 bytes a report shows, so the shortening is seen too.
  must(s->exec("ALTER ROLE " + pgshift::core::quote_ident(role.name()) + " PASSWORD '" +
               k_password + "' VALID UNTIL 'infinity' /* " + std::string(150, 'x') + " */"));
  return s;
}

// A project whose migration needs an ACCESS EXCLUSIVE lock on t and gives up quickly.
void write_blocked_project(const Project& p, const std::string& extra_config) {
  p.write("./pgshift.toml",
          "[ddl]\nlock_timeout = \"50ms\"\nlock_timeout_max = \"50ms\"\nretries = 2\n"
          "retry_sleep = \"10ms\"\nretry_sleep_max = \"10ms\"\n" +
              extra_config);
  p.write("1_add_b.up.sql", "ALTER TABLE t ADD COLUMN b int;\n");
}

// Every "*_query" field of the JSON events (the blocker and holder reports).
std::vector<std::string> reported_queries(const std::string& out) {
  std::vector<std::string> queries;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    for (const auto& [key, value] : j.items()) {
      if (key.size() > 6 && key.substr(key.size() - 6) == "_query" && value.is_string()) {
        queries.push_back(value.get<std::string>());
      }
    }
  }
  return queries;
}

}  // namespace

TEST_CASE("sslpassword is masked like password, in URLs and conninfo strings") {
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  const std::string key_password = "S5lKeyPassw0rd";
  struct Case {
    std::string url;
    std::string shown;
  };
  const Case cases[] = {
      {"postgresql://u:UrlPassw0rd@127.0.0.1:1/db?sslpassword=" + key_password,
       "postgresql://u:****@127.0.0.1:1/db?sslpassword=****"},
      {"host=127.0.0.1 port=1 user=u password=UrlPassw0rd sslpassword=" + key_password,
       "host=127.0.0.1 port=1 user=u password=**** sslpassword=****"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.url);
    for (const auto& args : {std::vector<std::string>{"up"}, {"up", "--json"}}) {
      auto o = run(p.root(), c.url, args);
      INFO("output: " << o.all());
      CHECK(o.exit_code == 1);
      CHECK(contains(o.all(), "cannot connect to \"" + c.shown + "\""));
      CHECK_FALSE(contains(o.all(), key_password));
      CHECK_FALSE(contains(o.all(), "UrlPassw0rd"));
    }
  }
}

TEST_CASE("a password with a raw @, / or : is never echoed, even in part") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  // libpq ends the user info at the first '@' (or sees none before a '/'), so the rest of such
  // a password becomes the port or the host, and its error quotes that piece.
  const char* passwords[] = {"ZZtop/Secret", "Pass@ZZtop", "Pa:ss@ZZtop/x", "ZZtop:Secret"};
  for (const char* password : passwords) {
    CAPTURE(password);
    const std::string url = with_raw_password(db.url(), password);
    auto o = run(p.root(), url, {"up", "--json"});
    INFO("output: " << o.all());
    CHECK(o.exit_code != 0);
    CHECK_FALSE(contains(o.all(), "ZZtop"));
    CHECK_FALSE(contains(o.all(), "Secret"));
    CHECK_FALSE(contains(o.all(), password));
    if (contains(password, "@") || contains(password, "/")) {
      CHECK(contains(o.all(), "percent-encode"));
    }
  }
  CHECK(history_rows(db) == 0);
}

TEST_CASE("other sessions' queries are reported redacted and short; no password leaves") {
  TempDb db;
  TempRole role(db);
  Project p;
  db.exec("CREATE TABLE t (id int)");
  write_blocked_project(p, "");
  auto changer = idle_password_changer(db, role);
  const std::string pid = std::to_string(changer->backend_pid());

  auto json = run(p.root(), db.url(), {"up", "--json"});
  auto text = run(p.root(), db.url(), {"up"});
  for (const Outcome* o : {&json, &text}) {
    INFO("output: " << o->all());
    CHECK(o->exit_code == 1);
    CHECK_FALSE(contains(o->all(), k_password));
    // The blocker is named, with its query redacted: the report still says what it does.
    CHECK(contains(o->all(), "pid " + pid));
    CHECK(contains(o->all(), "PASSWORD '****'"));
  }
  auto queries = reported_queries(json.out);
  REQUIRE_FALSE(queries.empty());
  for (const auto& q : queries) {
    CAPTURE(q);
    CHECK(q.size() <= 123);  // 120 bytes and "..."
    CHECK(q.find('\n') == std::string::npos);
    CHECK_FALSE(contains(q, k_password));
  }
  // The audit events store the failure messages: no password there either.
  CHECK(std::stoi(db.scalar("SELECT count(*) FROM pgshift.events")) > 0);
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events e WHERE e::text LIKE '%" +
                  std::string(k_password) + "%'") == "0");
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events WHERE detail LIKE '%PASSWORD ''****''%'") !=
        "0");
  must(changer->exec("ROLLBACK"));
}

TEST_CASE("[report] other_queries = false: blockers are named without their query") {
  TempDb db;
  TempRole role(db);
  Project p;
  db.exec("CREATE TABLE t (id int)");
  write_blocked_project(p, "[report]\nother_queries = false\n");
  auto changer = idle_password_changer(db, role);
  const std::string pid = std::to_string(changer->backend_pid());

  auto o = run(p.root(), db.url(), {"up", "--json"});
  INFO("output: " << o.all());
  CHECK(o.exit_code == 1);
  CHECK(contains(o.all(), "pid " + pid));
  CHECK(contains(o.all(), "idle in transaction"));
  CHECK_FALSE(contains(o.all(), "ALTER ROLE"));
  CHECK_FALSE(contains(o.all(), k_password));
  for (const auto& q : reported_queries(o.out)) {
    CHECK(q.empty());
  }
  CHECK(db.scalar("SELECT count(*) FROM pgshift.events WHERE detail LIKE '%ALTER ROLE%'") == "0");
  must(changer->exec("ROLLBACK"));
}

TEST_CASE("the application_name of the URL is kept on every connection of pgshift") {
  TempDb db;
  Project p;
  db.exec("CREATE TABLE t (id int)");
  p.write("./pgshift.toml", "[ddl]\nretry_sleep_max = \"100ms\"\nretries = 1000\n");
  p.write("1_add_b.up.sql", "ALTER TABLE t ADD COLUMN b int;\n");
  const std::string url = with_param(db.url(), "application_name=deploy-42");

  auto blocker = db.connect("blocker");
  must(blocker->exec("BEGIN"));
  must(blocker->exec("LOCK TABLE t IN ACCESS SHARE MODE"));
  Background up(p.root(), url, {"up", "--json"});

  // While it waits for its lock, operators see the deploy's name, not "pgshift".
  auto watcher = db.connect("watcher");
  auto names = [&] {
    auto r = watcher->query(
        "SELECT string_agg(application_name, ',' ORDER BY application_name) AS names "
        "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND application_name NOT IN ('blocker', 'pgshift-test')");
    REQUIRE(r.is_ok());
    return r->text(0, "names");
  };
  // The runner lock's connection, the work session and the monitor.
  const std::string expected = "deploy-42,deploy-42,deploy-42 (monitor)";
  CHECK_MESSAGE(eventually([&] { return names() == expected; }), names());

  // Another runner reports the lock holder under that name.
  auto second = run(p.root(), db.url(), {"up", "--lock-wait", "1s"});
  CHECK(second.exit_code == 4);
  CHECK_MESSAGE(contains(second.err, "application \"deploy-42\""), second.err);

  must(blocker->exec("ROLLBACK"));
  auto o = up.wait();
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(db.scalar("SELECT applied_by_application FROM pgshift.migrations") == "deploy-42");
}

TEST_CASE("PGAPPNAME is kept too; without either the name is pgshift") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "SELECT 1;\n");
  auto o = run(p.root(), db.url(), {"up"}, {{"PGAPPNAME", "from-env"}});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(db.scalar("SELECT applied_by_application FROM pgshift.migrations") == "from-env");
  p.write("2_b.up.sql", "SELECT 2;\n");
  o = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(history_column(db, "2", "applied_by_application") == "pgshift");
}
