// Racing deploys: many runners at once, a waiting runner naming the holder, --lock-wait.
#include <signal.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <memory>
#include <sstream>
#include <vector>

#include "lock/key.hpp"
#include "support/harness.hpp"

using namespace it;

namespace {

// Holds pgshift's runner lock from a test session, as another runner would.
std::unique_ptr<pgshift::db::Session> hold_runner_lock(const TempDb& db) {
  auto holder = db.connect("lock-holder-app");
  auto key = pgshift::lock::lock_key(db.name(), "pgshift");
  auto r = holder->query("SELECT pg_advisory_lock($1::bigint)", {std::to_string(key)});
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  return holder;
}

}  // namespace

TEST_CASE("8 runners started at once apply every migration exactly once, and all exit 0") {
  TempDb db;
  Project p;
  const int n = 12;
  p.write("0001_runs.up.sql",
          "CREATE TABLE runs (version int NOT NULL);\nINSERT INTO runs VALUES (1);\n");
  for (int v = 2; v <= n; ++v) {
    p.write(fmt::format("{:04}_t{}.up.sql", v, v),
            fmt::format("CREATE TABLE t{0} (id bigint PRIMARY KEY, x int);\n"
                        "CREATE INDEX t{0}_x ON t{0} (x);\nINSERT INTO runs VALUES ({0});\n",
                        v));
  }
  // A non-transactional file among them: CREATE INDEX CONCURRENTLY waits for every older
  // snapshot, so a runner that waited with a blocking pg_advisory_lock would deadlock it.
  p.write(fmt::format("{:04}_cic.up.sql", n + 1),
          "CREATE INDEX CONCURRENTLY t2_x_cic ON t2 (x);\nINSERT INTO runs VALUES (" +
              std::to_string(n + 1) + ");\n");

  std::vector<std::unique_ptr<Background>> runners;
  for (int i = 0; i < 8; ++i) {
    runners.push_back(std::make_unique<Background>(
        p.root(), db.url(), std::vector<std::string>{"up", "--lock-wait", "120s"}));
  }
  int applied_reports = 0;
  for (auto& r : runners) {
    auto o = r->wait();
    CHECK_MESSAGE(o.exit_code == 0, o.all());
    std::istringstream lines(o.out);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.rfind("applied ", 0) == 0 && line.find(" migration") == std::string::npos) {
        ++applied_reports;
      }
    }
  }
  CHECK(db.scalar("SELECT count(*) FROM runs") == std::to_string(n + 1));
  CHECK(db.scalar("SELECT count(DISTINCT version) FROM runs") == std::to_string(n + 1));
  CHECK(history_rows(db) == n + 1);
  CHECK(events_with(db, "up", "ok") == n + 1);
  CHECK(applied_reports == n + 1);  // across all 8 outputs, each migration reported once
  CHECK(db.scalar(
            "SELECT bool_and(indisvalid) FROM pg_index WHERE indexrelid = 't2_x_cic'::regclass") ==
        "t");
}

TEST_CASE("a waiting runner reports the holder of the lock, then proceeds when it is released") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  auto holder = hold_runner_lock(db);
  const int holder_pid = holder->backend_pid();

  Background runner(p.root(), db.url(), {"up", "--json", "--lock-wait", "60s"});
  REQUIRE(
      eventually([&] { return runner.output_so_far().find("lock_waiting") != std::string::npos; }));
  table_must_not_exist(db, "a");  // nothing runs while it waits
  REQUIRE(holder->query("SELECT pg_advisory_unlock_all()").is_ok());
  auto o = runner.wait();
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  table_must_exist(db, "a");

  bool named = false;
  std::istringstream lines(o.out);
  std::string line;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "lock_waiting") {
      CHECK(j["holder_pid"] == holder_pid);
      CHECK(j["holder_application"] == "lock-holder-app");
      CHECK(j["message"].get<std::string>().find("pid " + std::to_string(holder_pid)) !=
            std::string::npos);
      named = true;
    }
  }
  CHECK(named);
}

TEST_CASE("--lock-wait 1s against a held lock exits 4, names the holder and runs nothing") {
  TempDb db;
  Project p;
  p.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  auto holder = hold_runner_lock(db);
  const std::string before = schema_fingerprint(db);
  auto o = run(p.root(), db.url(), {"up", "--lock-wait", "1s"});
  CHECK(o.exit_code == 4);
  CHECK(o.err.find("runner lock not acquired within 1s") != std::string::npos);
  CHECK(o.err.find("pid " + std::to_string(holder->backend_pid())) != std::string::npos);
  CHECK(schema_fingerprint(db) == before);

  SUBCASE("other commands that change history wait for the same lock") {
    for (auto cmd : {"down", "repair"}) {
      auto d = run(p.root(), db.url(), {cmd, "--lock-wait", "1s"});
      CHECK_MESSAGE(d.exit_code == 4, cmd);
    }
  }
  SUBCASE("a different history schema is a different lock") {
    auto other =
        run(p.root(), db.url(), {"up", "--lock-wait", "1s", "--history-schema", "deploy_b"});
    CHECK_MESSAGE(other.exit_code == 0, other.all());
  }
}

TEST_CASE("the lock is released when the runner exits, and by the server when it is killed") {
  TempDb db;
  Project p;
  p.write("1_slow.up.sql", "SELECT pg_sleep(60);\n");
  Background slow(p.root(), db.url(), {"up"});
  // The statement travels with its BEGIN and SET LOCALs in one query string.
  wait_until_running(db, "SELECT pg_sleep(60)");
  slow.signal(SIGKILL);
  CHECK(slow.wait().exit_code == 128 + SIGKILL);
  // The killed runner's transaction and lock go with its connections; the next run gets the
  // lock (its server-side backends end once PostgreSQL notices the closed sockets).
  p.write("1_slow.up.sql", "SELECT 1;\n");
  auto o = run(p.root(), db.url(), {"up", "--lock-wait", "60s"});
  CHECK_MESSAGE(o.exit_code == 0, o.all());
  CHECK(history_state(db, "1") == "applied");
}
