// Integration-test harness: a fresh database per test case on the sandbox server started by
// scripts/test (PGSHIFT_TEST_URL), a project directory of migration files, the pgshift binary
// run as a real process, and assertion helpers named as requirements.
//
// Without PGSHIFT_TEST_URL every test FAILS (never skips): in CI the server must be there.
#pragma once

#include <doctest/doctest.h>

#include <sys/types.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db/session.hpp"

namespace it {

// The sandbox server's URL (fails the test when unset) and its password.
std::string server_url();
std::string server_password();
// `url` with its database name replaced.
std::string with_database(const std::string& url, const std::string& db);

// A database created for one test case and dropped afterwards.
class TempDb {
 public:
  TempDb();
  ~TempDb();
  const std::string& url() const { return m_url; }
  const std::string& name() const { return m_name; }
  // A new connection (the "second connection" of production conditions).
  std::unique_ptr<pgshift::db::Session> connect(const std::string& app = "pgshift-test") const;
  // Runs SQL on the harness's own connection.
  void exec(const std::string& sql) const;
  // First column of the first row, "" for no row, "NULL" for NULL.
  std::string scalar(const std::string& sql) const;

 private:
  std::string m_name;
  std::string m_url;
  std::unique_ptr<pgshift::db::Session> m_session;
};

// A temporary project directory with a migrations/ folder.
class Project {
 public:
  Project();
  ~Project();
  const std::string& root() const { return m_root; }
  std::string dir() const { return m_root + "/migrations"; }
  // Writes migrations/<file> (or a path relative to the root when it contains '/').
  void write(const std::string& file, const std::string& text) const;
  void remove(const std::string& file) const;

 private:
  std::string m_root;
};

struct Outcome {
  int exit_code = -1;  // 128+N when killed by signal N
  std::string out;
  std::string err;
  std::string all() const { return out + err; }
};

// Runs `pgshift <args>` in `cwd` with PGSHIFT_DATABASE_URL=url (unless url is empty) and the
// extra environment; waits for it. Every output is checked to hold no password.
Outcome run(const std::string& cwd, const std::string& url, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env = {});

// Runs another program (a migration tool pgshift adopts from) in `cwd` with the extra
// environment; waits for it. `program` is a path, or a name found through PATH.
Outcome run_program(const std::string& cwd, const std::string& program,
                    const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {});

// A pgshift process running in the background.
class Background {
 public:
  Background(const std::string& cwd, const std::string& url, const std::vector<std::string>& args,
             const std::map<std::string, std::string>& env = {});
  ~Background();
  pid_t pid() const { return m_pid; }
  void signal(int sig) const;
  Outcome wait();  // also checks the output for passwords
  // Output so far (the process may still run).
  std::string output_so_far() const;

 private:
  pid_t m_pid = -1;
  std::string m_out_path;
  std::string m_err_path;
  bool m_waited = false;
};

// Polls `predicate` every 20ms up to `seconds`; true when it became true. Used to wait for a
// state (a backend waiting on a lock), never to assert on durations.
bool eventually(const std::function<bool()>& predicate, double seconds = 30);

// The seed of a random test: PGSHIFT_TEST_SEED when set (to replay a failure), else a fresh
// one. Printed to stderr either way, so a failing run says how to replay it.
unsigned test_seed(const std::string& test);

// REQUIREs that a harness-side database call succeeded.
void must(const pgshift::Status& s);

// The JSON events of kind `kind` in pgshift's --json output, in order.
std::vector<nlohmann::json> events_of(const std::string& output, const std::string& kind);

// Waits until a pgshift session runs a query containing `fragment` in this test's database
// (other test binaries may run the same statement in theirs at the same time).
void wait_until_running(const TempDb& db, const std::string& fragment);

// Requirements on the database.
void table_must_exist(const TempDb& db, const std::string& table);
void table_must_not_exist(const TempDb& db, const std::string& table);
void column_must_exist(const TempDb& db, const std::string& table, const std::string& column);
void column_must_not_exist(const TempDb& db, const std::string& table, const std::string& column);
// Exactly one index of that name exists, and it is valid and ready.
void index_must_be_valid(const TempDb& db, const std::string& index);
void index_must_not_exist(const TempDb& db, const std::string& index);
int history_rows(const TempDb& db);  // rows in pgshift.migrations (0 when not created)
std::string history_state(const TempDb& db, const std::string& version);  // "" when absent
// One column of a version's history row, e.g. history_column(db, "1", "statements_done").
std::string history_column(const TempDb& db, const std::string& version, const std::string& column);
int events_with(const TempDb& db, const std::string& action, const std::string& outcome);
// A dump of the user schema (tables, columns, indexes) to compare "unchanged".
std::string schema_fingerprint(const TempDb& db);

}  // namespace it
