// A real streaming standby of the sandbox: the backfill pauses while the standby's replay is
// paused (pg_wal_replay_pause) and carries on after pg_wal_replay_resume, changing every row
// exactly once.
//
// The standby is made with `pg_basebackup -R` from the sandbox (as the sandbox's OS user when
// we run as root: initdb'd clusters refuse to run as root), started on a free port with
// hot_standby=on, and always torn down (pg_ctl stop -m immediate, its directory removed), also
// when an assertion fails. When it cannot be set up, the test FAILS: it never skips.
//
// Other test binaries share the sandbox and see this standby in pg_stat_replication while it
// exists; replay stays paused only for the few seconds the test needs, below the default
// max_replication_lag (10s) that their backfills use.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/harness.hpp"

using namespace it;
namespace fs = std::filesystem;

namespace {

const std::string k_pgbin = "/usr/lib/postgresql/15/bin";

struct Endpoint {
  std::string user;
  std::string host;
  std::string port;
};

// user, host and port of a postgresql://user:password@host:port/db URL.
Endpoint endpoint_of(const std::string& url) {
  Endpoint e;
  const auto scheme = url.find("://");
  REQUIRE_MESSAGE(scheme != std::string::npos, "PGSHIFT_TEST_URL must be a postgresql:// URL");
  const auto start = scheme + 3;
  const auto end = url.find_first_of("/?", start);
  const std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
  const auto at = authority.rfind('@');
  REQUIRE_MESSAGE(at != std::string::npos, "PGSHIFT_TEST_URL must name a user");
  const std::string userinfo = authority.substr(0, at);
  e.user = userinfo.substr(0, userinfo.find(':'));
  const std::string hostport = authority.substr(at + 1);
  const auto colon = hostport.rfind(':');
  e.host = colon == std::string::npos ? hostport : hostport.substr(0, colon);
  e.port = colon == std::string::npos ? "5432" : hostport.substr(colon + 1);
  REQUIRE_MESSAGE(!e.host.empty(), "PGSHIFT_TEST_URL must name a host");
  return e;
}

// A TCP port nobody listens on right now.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  ::close(fd);
  REQUIRE_MESSAGE(ok, "could not find a free TCP port");
  return ntohs(a.sin_port);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Ran {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs a PostgreSQL tool as `user` (through runuser; empty: as ourselves) from "/", with extra
// environment (PGPASSWORD: never on a command line). Does not REQUIRE, so it may be used from
// destructors.
Ran run_tool(const std::string& user, const std::vector<std::string>& tool_argv,
             const std::map<std::string, std::string>& env) {
  std::vector<std::string> argv;
  if (!user.empty()) {
    argv = {"runuser", "-u", user, "--"};
  }
  argv.insert(argv.end(), tool_argv.begin(), tool_argv.end());
  char path[] = "/tmp/pgshift-it-tool-XXXXXX";
  const int out = ::mkstemp(path);
  if (out < 0) {
    return {-1, "mkstemp failed"};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    if (::chdir("/") != 0) {
      _exit(126);
    }
    for (const auto& [k, v] : env) {
      ::setenv(k.c_str(), v.c_str(), 1);
    }
    std::vector<char*> args;
    for (auto& a : argv) {
      args.push_back(a.data());
    }
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    _exit(127);
  }
  ::close(out);
  Ran r;
  int st = 0;
  if (pid > 0 && ::waitpid(pid, &st, 0) == pid && WIFEXITED(st)) {
    r.exit_code = WEXITSTATUS(st);
  }
  r.output = slurp(path);
  ::unlink(path);
  return r;
}

// A hot standby of the sandbox server, streaming from it. Construct, then start(); the
// destructor stops it (immediate mode) and removes its directory, whatever start() reached.
class Standby {
 public:
  Standby() : m_name("pgshift_it_standby_" + std::to_string(::getpid())) {
    if (::geteuid() == 0) {
      REQUIRE_MESSAGE(::getpwnam("postgres") != nullptr,
                      "running as root, the standby runs as the OS user \"postgres\", which "
                      "does not exist (install postgresql-15: scripts/deps)");
      m_user = "postgres";
    }
  }
  ~Standby() {
    try {
      if (!m_dir.empty() && fs::exists(data() + "/postmaster.pid")) {
        (void)run_tool(
            m_user,
            {k_pgbin + "/pg_ctl", "stop", "-D", data(), "-m", "immediate", "-w", "-t", "60"}, {});
      }
      if (!m_dir.empty()) {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
      }
    } catch (...) {
    }
  }
  Standby(const Standby&) = delete;
  Standby& operator=(const Standby&) = delete;

  const std::string& name() const { return m_name; }

  void start() {
    const Endpoint primary = endpoint_of(server_url());
    char tmpl[] = "/tmp/pgshift-it-standby-XXXXXX";
    REQUIRE_MESSAGE(::mkdtemp(tmpl) != nullptr, "mkdtemp failed");
    m_dir = tmpl;
    if (!m_user.empty()) {
      const passwd* pw = ::getpwnam(m_user.c_str());
      REQUIRE(pw != nullptr);
      REQUIRE_MESSAGE(::chown(m_dir.c_str(), pw->pw_uid, pw->pw_gid) == 0,
                      "could not chown " << m_dir << " to " << m_user);
    }
    REQUIRE(::chmod(m_dir.c_str(), 0700) == 0);

    // The password travels in the environment; -R writes it into the standby's
    // primary_conninfo (in its own 0700 directory, removed afterwards).
    const std::string conninfo = "host=" + primary.host + " port=" + primary.port +
                                 " user=" + primary.user + " dbname=postgres";
    Ran backup = run_tool(m_user,
                          {k_pgbin + "/pg_basebackup", "-d", conninfo, "-D", data(), "-R", "-X",
                           "stream", "-c", "fast", "--no-sync"},
                          {{"PGPASSWORD", server_password()}});
    REQUIRE_MESSAGE(backup.exit_code == 0,
                    "pg_basebackup -R of the sandbox failed (is "
                    "replication allowed in its pg_hba.conf?):\n"
                        << backup.output);
    REQUIRE_MESSAGE(fs::exists(data() + "/standby.signal"),
                    "pg_basebackup -R wrote no "
                    "standby.signal");

    m_port = std::to_string(free_port());
    // cluster_name is the walreceiver's application_name in pg_stat_replication.
    const std::string options = "-c port=" + m_port +
                                " -c listen_addresses=127.0.0.1 -c unix_socket_directories='" +
                                m_dir + "' -c hot_standby=on -c cluster_name=" + m_name;
    Ran started = run_tool(m_user,
                           {k_pgbin + "/pg_ctl", "start", "-D", data(), "-l", m_dir + "/log", "-w",
                            "-t", "120", "-o", options},
                           {});
    REQUIRE_MESSAGE(started.exit_code == 0, "the standby did not start:\n"
                                                << started.output << "\n"
                                                << slurp(m_dir + "/log"));

    auto primary_session = pgshift::db::Session::connect(server_url(), "pgshift-test-standby");
    REQUIRE_MESSAGE(primary_session.is_ok(), primary_session.status().message());
    const bool streaming = eventually(
        [&] {
          auto r = (*primary_session)
                       ->query(
                           "SELECT count(*) AS n FROM pg_stat_replication "
                           "WHERE application_name = $1 AND state = 'streaming'",
                           {m_name});
          return r.is_ok() && r->text(0, "n") == "1";
        },
        120);
    REQUIRE_MESSAGE(streaming, "the standby never showed up streaming in pg_stat_replication:\n"
                                   << slurp(m_dir + "/log"));
  }

  // A connection to database `db` on the standby.
  std::unique_ptr<pgshift::db::Session> connect(const std::string& db) const {
    const Endpoint primary = endpoint_of(server_url());
    std::string url = with_database(server_url(), db);
    const std::string from = "@" + primary.host + ":" + primary.port + "/";
    const auto at = url.find(from);
    REQUIRE(at != std::string::npos);
    url.replace(at, from.size(), "@127.0.0.1:" + m_port + "/");
    auto s = pgshift::db::Session::connect(url, "pgshift-test-on-standby");
    REQUIRE_MESSAGE(s.is_ok(), s.status().message());
    return std::move(s).value();
  }

  std::string log() const { return m_dir.empty() ? "" : slurp(m_dir + "/log"); }

 private:
  std::string data() const { return m_dir + "/data"; }

  std::string m_name;
  std::string m_user;  // OS user running the standby; empty: ourselves
  std::string m_dir;
  std::string m_port;
};

std::string one(pgshift::db::Session& s, const std::string& sql) {
  auto r = s.query(sql);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  REQUIRE(!r->empty());
  const auto& v = r->rows[0][0];
  return v ? *v : "NULL";
}

bool has_event(const std::string& output, const std::string& kind, const std::string& reason) {
  for (const auto& e : events_of(output, kind)) {
    if (e.value("reason", "") == reason) {
      return true;
    }
  }
  return false;
}

// When the backfill's session started its last throttle look, while it pauses after it
// ("NULL" while it does anything else). A look's last query is the autovacuum probe
// (pause_on_autovacuum is on by default); the session is idle during the pause that follows.
std::string last_throttle_look(const TempDb& db) {
  return db.scalar(
      "SELECT max(query_start)::text FROM pg_stat_activity WHERE datname = current_database() "
      "AND pid <> pg_backend_pid() AND state = 'idle' "
      "AND query LIKE '%FROM pg_stat_progress_vacuum v JOIN pg_stat_activity a%'");
}

// "<event> <reason>" of each backfill_throttled and backfill_resumed event, in order.
std::vector<std::string> throttling(const std::string& output) {
  std::vector<std::string> out;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      continue;
    }
    const std::string kind = j.value("event", "");
    if (kind == "backfill_throttled" || kind == "backfill_resumed") {
      out.push_back(kind + " " + j.value("reason", ""));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the backfill pauses while a streaming standby's replay is paused, then finishes") {
  TempDb db;
  Standby standby;
  standby.start();

  constexpr int k_rows = 200000;
  // No autovacuum on t: its pauses (reason autovacuum) would blur which pause is which.
  db.exec(
      "CREATE TABLE t (id bigint PRIMARY KEY, v integer NOT NULL DEFAULT 0, pad text) "
      "WITH (autovacuum_enabled = off);"
      "INSERT INTO t (id, pad) SELECT g, md5(g::text) FROM generate_series(1, " +
      std::to_string(k_rows) +
      ") g; ANALYZE t;"
      // Every batch takes at least 10 ms, so that the 400 or more batches last longer than
      // max_replication_lag (1s) however fast the machine: 200,000 rows take under a second
      // otherwise, and the backfill ends before the lag it should pause on has built up.
      "CREATE FUNCTION slow_batch() RETURNS trigger LANGUAGE plpgsql AS "
      "$$BEGIN PERFORM pg_sleep(0.01); RETURN NULL; END$$;"
      "CREATE TRIGGER slow_batch AFTER UPDATE ON t FOR EACH STATEMENT "
      "EXECUTE FUNCTION slow_batch()");

  // The standby has the table (hot standby: it answers queries), then its replay stops.
  auto replica = standby.connect(db.name());
  REQUIRE_MESSAGE(eventually(
                      [&] {
                        auto r = replica->query("SELECT count(*) AS n FROM t");
                        return r.is_ok() && r->text(0, "n") == std::to_string(k_rows);
                      },
                      120),
                  "the standby never replayed the table:\n"
                      << standby.log());
  // pg_stat_replication.replay_lag keeps the lag of the last replayed record, here the bulk
  // load's: wait until it says the standby keeps up, so that the first batches run.
  auto primary = db.connect("pgshift-test-primary");
  REQUIRE(eventually(
      [&] {
        auto r = primary->query(
            "SELECT count(*) AS n FROM pg_stat_replication WHERE application_name = $1 AND "
            "(replay_lag IS NULL OR replay_lag < interval '300ms')",
            {standby.name()});
        return r.is_ok() && r->text(0, "n") == "1";
      },
      120));
  must(replica->exec("SELECT pg_wal_replay_pause()"));
  // Replay pauses at the next WAL record: give it one and wait until it is paused there.
  db.exec("CREATE TABLE nudge (id int)");
  REQUIRE(eventually(
      [&] { return one(*replica, "SELECT pg_get_wal_replay_pause_state()") == "paused"; }, 120));

  Project p;
  // Small batches so that the run takes many of them; a low max_replication_lag.
  p.write("./pgshift.toml",
          "[backfill]\n"
          "max_replication_lag = \"1s\"\n"
          "batch_size = 200\n"
          "min_batch_size = 100\n"
          "max_batch_size = 500\n");
  Background bf(
      p.root(), db.url(),
      {"backfill", "run", "--table", "t", "--set", "v = v + 1", "--name", "standby_bf", "--json"});

  // Paused on replication lag before it is done.
  const bool throttled = eventually(
      [&] { return has_event(bf.output_so_far(), "backfill_throttled", "replication_lag"); }, 120);
  REQUIRE_MESSAGE(throttled, "no backfill_throttled (replication_lag) event:\n"
                                 << bf.output_so_far());
  CHECK(events_of(bf.output_so_far(), "backfill_done").empty());
  const long long changed = std::stoll(db.scalar("SELECT count(*) FROM t WHERE v = 1"));
  CHECK(changed > 0);       // it ran batches before the lag built up
  CHECK(changed < k_rows);  // and is not done
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v NOT IN (0, 1)") == "0");
  // While replay stays paused the lag only grows: the backfill looks at it again (each look
  // ends in a pause) and runs no batch. Wait for two more looks rather than for a time: a
  // batch run after any look before the second would be committed by then.
  std::string look = last_throttle_look(db);
  for (int more = 0; more < 2; ++more) {
    CAPTURE(more);
    REQUIRE(eventually(
        [&] {
          const std::string now = last_throttle_look(db);
          if (now == "NULL" || now == look) {
            return false;
          }
          look = now;
          return true;
        },
        120));
  }
  CHECK(std::stoll(db.scalar("SELECT count(*) FROM t WHERE v = 1")) == changed);
  CHECK(events_of(bf.output_so_far(), "backfill_done").empty());
  CHECK(one(*replica, "SELECT count(*) FROM t WHERE v = 1") == "0");  // replay is stopped

  must(replica->exec("SELECT pg_wal_replay_resume()"));
  const bool resumed = eventually(
      [&] { return has_event(bf.output_so_far(), "backfill_resumed", "replication_lag"); }, 120);
  REQUIRE_MESSAGE(resumed, "no backfill_resumed (replication_lag) event:\n" << bf.output_so_far());

  Outcome o = bf.wait();
  INFO("pgshift's output:\n" << o.all());
  REQUIRE(o.exit_code == 0);
  const auto done = events_of(o.out, "backfill_done");
  REQUIRE(done.size() == 1);
  CHECK(done[0].value("rows_done", -1LL) == k_rows);
  // Pauses and resumptions alternate, each on the replication lag, and the last pause ended.
  // (Real lag under a busy machine may pause it more than once; each pause must end.)
  const auto sequence = throttling(o.out);
  REQUIRE(!sequence.empty());
  CHECK(sequence.size() % 2 == 0);
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    CAPTURE(i);
    CHECK(sequence[i] ==
          (i % 2 == 0 ? "backfill_throttled replication_lag" : "backfill_resumed replication_lag"));
  }

  // Every row changed exactly once, on the primary and (after replay) on the standby.
  CHECK(db.scalar("SELECT count(*) FROM t") == std::to_string(k_rows));
  CHECK(db.scalar("SELECT count(*) FROM t WHERE v <> 1") == "0");
  CHECK(eventually(
      [&] { return one(*replica, "SELECT count(*) FROM t WHERE v = 1") == std::to_string(k_rows); },
      120));
  replica.reset();
}
