// Bad input (docs/design.md §2-§4): every mistake in the files, the config, the flags or the
// environment is refused with exit 2 and one line `pgshift: error: <where>: <what>` naming the file
// and line:column (or the flag, the variable), before anything touches the database — not even the
// history schema is created. A server that cannot be reached, or refuses the password, is
// exit 1 with the URL shown with its password redacted.
#include <signal.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/harness.hpp"

using namespace it;

namespace {

constexpr const char* k_prefix = "pgshift: error: ";

// The valid migration every case starts from: it must not run when something else is bad.
void write_valid(const Project& p) {
  p.write("1_create_valid.up.sql", "CREATE TABLE valid_one (id int);\n");
  p.write("1_create_valid.down.sql", "DROP TABLE valid_one;\n");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    out.push_back(line);
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// stderr is exactly one line "pgshift: error: <message>\n"; returns the message.
std::string one_error_line(const Outcome& o) {
  INFO("stderr: " << o.err);
  CHECK(lines_of(o.err).size() == 1);
  CHECK(!o.err.empty());
  CHECK(o.err.back() == '\n');
  REQUIRE(o.err.rfind(k_prefix, 0) == 0);
  return o.err.substr(std::string(k_prefix).size(),
                      o.err.size() - std::string(k_prefix).size() - 1);
}

// Every line of stdout is a JSON object (parse throws, failing the test, otherwise); returns
// the last one, the final error.
nlohmann::json last_json_object(const std::string& out) {
  nlohmann::json last;
  for (const auto& line : lines_of(out)) {
    last = nlohmann::json::parse(line);
    CHECK(last.is_object());
  }
  REQUIRE_MESSAGE(!last.is_null(), "no JSON on stdout");
  return last;
}

void nothing_changed(const TempDb& db, const std::string& before) {
  CHECK(schema_fingerprint(db) == before);  // also: no pgshift schema
  table_must_not_exist(db, "valid_one");
  CHECK(history_rows(db) == 0);
}

// "a.a.a...": a TOML key of `parts` dotted parts.
std::string dotted(int parts) {
  std::string key = "a";
  for (int i = 1; i < parts; ++i) {
    key += ".a";
  }
  return key;
}

// Bytes a pgshift process has read (/proc/<pid>/io rchar): 0 once it is gone, and before it
// runs pgshift (the harness's fork is the test until it execs). Resident memory would not do:
// an instrumented build (ASan) holds more than the file before main() runs.
long long pgshift_bytes_read(pid_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  if (!std::getline(comm, name) || name != "pgshift") {
    return 0;
  }
  std::ifstream io("/proc/" + std::to_string(pid) + "/io");
  for (std::string line; std::getline(io, line);) {
    if (line.rfind("rchar:", 0) == 0) {
      return std::stoll(line.substr(6));
    }
  }
  return 0;
}

struct BadInput {
  const char* what;
  std::map<std::string, std::string> files;  // written next to the valid migration
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string where;              // the message starts with this (file:line:col: or the flag)
  std::vector<std::string> says;  // and contains each of these
};

const std::vector<BadInput>& bad_inputs() {
  static const std::vector<BadInput> k_cases = {
      // Configuration: pgshift.toml, the environment, the flags.
      {"pgshift.toml that is not TOML",
       {{"./pgshift.toml", "dir = \"migrations\"\n[lock\nwait = \"5s\"\n"}},
       {"up"},
       {},
       "pgshift.toml:2:6: ",
       {"expected ']'"}},
      {"pgshift.toml with an unknown key",
       {{"./pgshift.toml", "history_schema = \"pgshift\"\n\n[lock]\n  timeout = \"1s\"\n"}},
       {"up"},
       {},
       "pgshift.toml:4:3: ",
       {"unknown key \"timeout\" in [lock]"}},
      {"pgshift.toml with an unknown top-level key",
       {{"./pgshift.toml", "dir = \"migrations\"\ndatabse_url = \"postgresql://x\"\n"}},
       {"up"},
       {},
       "pgshift.toml:2:1: ",
       {"unknown key \"databse_url\" at the top level"}},
      {"pgshift.toml with a bad duration",
       {{"./pgshift.toml", "[lock]\nwait = \"5 minutes\"\n"}},
       {"up"},
       {},
       "pgshift.toml:2:8: ",
       {"\"wait\" in [lock]", "invalid duration \"5 minutes\""}},
      {"--lock-wait that is not a duration",
       {},
       {"up", "--lock-wait", "x"},
       {},
       "--lock-wait: ",
       {"invalid duration \"x\""}},
      {"a config file that never ends (/dev/zero)",
       {},
       {"up", "--config", "/dev/zero"},
       {},
       "config file \"/dev/zero\": ",
       {"file is larger than 1 MiB"}},
      {"pgshift.toml nested deeper than toml++ can read (it crashed)",
       {{"./pgshift.toml", "[" + dotted(150000) + "]\n"}},
       {"up"},
       {},
       "pgshift.toml:1:1: ",
       {"nested more than 256 levels deep"}},
      {"PGSHIFT_LOCK_WAIT that is not a duration",
       {},
       {"up"},
       {{"PGSHIFT_LOCK_WAIT", "forever"}},
       "PGSHIFT_LOCK_WAIT: ",
       {"invalid duration \"forever\""}},

      // Migration files: names and versions.
      {"duplicate version",
       {{"2_a.up.sql", "CREATE TABLE a (id int);\n"},
        {"0002_b.sql", "-- pgshift:up\nCREATE TABLE b (id int);\n"}},
       {"up"},
       {},
       "duplicate version 2: ",
       {"migrations/0002_b.sql", "migrations/2_a.up.sql"}},
      {"malformed file name",
       {{"3_b.up.sql.bak", "CREATE TABLE b (id int);\n"}},
       {"up"},
       {},
       "migrations/3_b.up.sql.bak: ",
       {"malformed migration file name", "unexpected extension \".up.sql.bak\""}},
      {"two layouts in one directory",
       {{"2_b.sql", "-- +goose Up\nCREATE TABLE b (id int);\n"}},
       {"up"},
       {},
       "migrations directory \"migrations\" mixes layouts: ",
       {"\"migrations/1_create_valid.down.sql\" is in golang-migrate layout",
        "\"migrations/2_b.sql\" in goose layout"}},
      {"unknown layout",
       {},
       {"up", "--layout", "flyway2"},
       {},
       "--layout: unknown layout \"flyway2\"",
       {"known: auto, golang-migrate, pgshift, goose, dbmate, sql-migrate, flyway, folders"}},

      // Migration files: sections and directives.
      {"single file without -- pgshift:up",
       {{"2_no_marker.sql", "CREATE TABLE b (id int);\n"}},
       {"up"},
       {},
       "migrations/2_no_marker.sql:1:1: ",
       {"missing \"-- pgshift:up\" marker"}},
      {"unknown directive",
       {{"2_b.up.sql",
         "-- pgshift:lock-timeout 2s\n-- pgshift:frobnicate\nCREATE TABLE b (id int);\n"}},
       {"up"},
       {},
       "migrations/2_b.up.sql:2:12: ",
       {"unknown directive \"frobnicate\""}},
      {"no-transaction after a statement",
       {{"2_b.sql",
         "-- pgshift:up\nCREATE TABLE b (id int);\n  -- pgshift:no-transaction\n"
         "CREATE INDEX CONCURRENTLY b_id ON b (id);\n"}},
       {"up"},
       {},
       "migrations/2_b.sql:3:3: ",
       {"directive \"no-transaction\" must be at the top of the section"}},

      // Migration files: content.
      {"SQL syntax error in the second pending file",
       {{"2_b.sql",
         "-- pgshift:up\nCREATE TABLE b (id int);\nCREATE TABEL c (id int);\n"
         "-- pgshift:down\nDROP TABLE b;\n"},
        {"3_c.up.sql", "CREATE TABLE c (id int);\n"}},
       {"up"},
       {},
       "migrations/2_b.sql:3:8: ",
       {"syntax error at or near \"TABEL\""}},
      {"file that is not UTF-8",
       // "-- café " is 8 characters (9 bytes): the bad byte is character 9.
       {{"2_b.up.sql", "CREATE TABLE b (id int);\n-- caf\xC3\xA9 \xFF\n"}},
       {"up"},
       {},
       "migrations/2_b.up.sql:2:9: ",
       {"not valid UTF-8"}},
      {"operations file nested deeper than toml++ can read",
       {{"2_deep.toml", "[[operations]]\n" + dotted(150000) + " = 1\n"}},
       {"up"},
       {},
       "migrations/2_deep.toml:2:1: ",
       {"nested more than 256 levels deep"}},
      {"psql meta-command",
       {{"2_b.up.sql", "CREATE TABLE b (id int);\n\\connect other\nCREATE TABLE c (id int);\n"}},
       {"up"},
       {},
       "migrations/2_b.up.sql:2:1: ",
       {"psql meta-command \"\\connect\""}},

      // Command line.
      {"unknown flag", {}, {"up", "--frobnicate"}, {}, "", {"--frobnicate"}},
      {"missing argument", {}, {"baseline"}, {}, "", {"version"}},
      {"up --to that is not a version",
       {},
       {"up", "--to", "abc"},
       {},
       "--to: ",
       {"\"abc\" is not a version"}},
      {"up --to a version no file has",
       {},
       {"up", "--to", "7"},
       {},
       "--to: ",
       {"no migration has version 7"}},
      {"down --steps 0", {}, {"down", "--steps", "0"}, {}, "--steps: ", {"at least 1"}},
  };
  return k_cases;
}

}  // namespace

TEST_CASE("bad input is refused with one line naming where, exit 2, and no change") {
  for (const BadInput& c : bad_inputs()) {
    SUBCASE(c.what) {
      TempDb db;
      Project p;
      write_valid(p);
      for (const auto& [file, text] : c.files) {
        p.write(file, text);
      }
      const std::string before = schema_fingerprint(db);

      auto o = run(p.root(), db.url(), c.args, c.env);
      INFO("stdout: " << o.out);
      INFO("stderr: " << o.err);
      CHECK(o.exit_code == 2);
      CHECK(o.out.empty());
      std::string message = one_error_line(o);
      CHECK_MESSAGE(message.rfind(c.where, 0) == 0,
                    "the message must start with \"" << c.where << "\"");
      for (const auto& part : c.says) {
        CHECK_MESSAGE(contains(message, part), "the message must say \"" << part << "\"");
      }
      nothing_changed(db, before);
    }
  }
}

TEST_CASE("bad input with --json: the error object says exit_code 2") {
  TempDb db;
  Project p;
  write_valid(p);
  p.write("2_b.up.sql", "CREATE TABLE b (id int);\n\\set x 1\n");
  const std::string before = schema_fingerprint(db);
  auto o = run(p.root(), db.url(), {"up", "--json"});
  INFO("stdout: " << o.out);
  INFO("stderr: " << o.err);
  CHECK(o.exit_code == 2);
  auto j = last_json_object(o.out);
  CHECK(j["event"] == "error");
  CHECK(j["exit_code"] == 2);
  CHECK(j["message"].get<std::string>().rfind("migrations/2_b.up.sql:2:1: ", 0) == 0);
  CHECK(one_error_line(o).rfind("migrations/2_b.up.sql:2:1: psql meta-command \"\\set\"", 0) == 0);
  nothing_changed(db, before);
}

TEST_CASE("validate names the file, line and column of a syntax error") {
  TempDb db;
  Project p;
  write_valid(p);
  p.write("2_b.sql", "-- pgshift:up\nCREATE TABLE b (id int);\nCREATE TABEL c (id int);\n");
  const std::string expected =
      "pgshift: error: migrations/2_b.sql:3:8: syntax error at or near \"TABEL\"";
  const std::string before = schema_fingerprint(db);

  SUBCASE("against the database") {
    auto o = run(p.root(), db.url(), {"validate"});
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 2);
    CHECK(contains(o.err, expected));
  }
  SUBCASE("--offline, without a database URL") {
    auto o = run(p.root(), "", {"validate", "--offline"});
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 2);
    CHECK(contains(o.err, expected));
  }
  nothing_changed(db, before);
}

// up runs what it will run: a syntax error in down SQL is a warning there
// (test_layouts.cpp), an input error for validate and for down.
TEST_CASE("validate names the file, line and column of a syntax error in down SQL") {
  TempDb db;
  Project p;
  write_valid(p);
  p.write("2_b.sql",
          "-- pgshift:up\nCREATE TABLE b (id int);\n-- pgshift:down\nDROP TABLE b\nDROP TABLE "
          "c;\n");
  const std::string before = schema_fingerprint(db);
  auto o = run(p.root(), db.url(), {"validate"});
  INFO("stderr: " << o.err);
  CHECK(o.exit_code == 2);
  CHECK(
      contains(o.err, "pgshift: error: migrations/2_b.sql:5:1: syntax error at or near \"DROP\""));
  nothing_changed(db, before);
}

TEST_CASE("a server that cannot be reached: exit 1, the URL shown without its password") {
  Project p;
  write_valid(p);
  const std::string url = "postgresql://u:S3cretPw@127.0.0.1:1/db";
  const std::string redacted = "postgresql://u:****@127.0.0.1:1/db";

  SUBCASE("text") {
    for (const auto& o : {run(p.root(), url, {"up"}), run(p.root(), "", {"up", "-u", url})}) {
      INFO("stderr: " << o.err);
      CHECK(o.exit_code == 1);
      std::string message = one_error_line(o);
      CHECK(contains(message, "cannot connect"));
      CHECK(contains(message, redacted));
      CHECK_FALSE(contains(o.all(), "S3cretPw"));
    }
  }
  SUBCASE("--json") {
    auto o = run(p.root(), url, {"up", "--json"});
    INFO("stdout: " << o.out);
    CHECK(o.exit_code == 1);
    CHECK_FALSE(contains(o.all(), "S3cretPw"));
    auto j = last_json_object(o.out);
    CHECK(j["event"] == "error");
    CHECK(j["exit_code"] == 1);
    CHECK(contains(j["message"].get<std::string>(), "cannot connect"));
    CHECK(contains(j["message"].get<std::string>(), redacted));
  }
}

TEST_CASE("a wrong password: exit 1, password authentication named, no password printed") {
  TempDb db;
  Project p;
  write_valid(p);
  const std::string real = server_password();
  REQUIRE_MESSAGE(!real.empty(), "PGSHIFT_TEST_URL must carry a password for this test");
  const std::string wrong = "Wr0ngPassw0rd";
  std::string url = db.url();
  auto at = url.find(":" + real + "@");
  REQUIRE(at != std::string::npos);
  url.replace(at + 1, real.size(), wrong);
  const std::string before = schema_fingerprint(db);

  SUBCASE("text") {
    auto o = run(p.root(), url, {"up"});
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 1);
    std::string message = one_error_line(o);
    CHECK(contains(message, "cannot connect"));
    CHECK(contains(message, "password authentication failed"));
    CHECK(contains(message, ":****@"));
    CHECK_FALSE(contains(o.all(), wrong));
    CHECK_FALSE(contains(o.all(), real));
  }
  SUBCASE("--json") {
    auto o = run(p.root(), url, {"up", "--json"});
    INFO("stdout: " << o.out);
    CHECK(o.exit_code == 1);
    CHECK_FALSE(contains(o.all(), wrong));
    CHECK_FALSE(contains(o.all(), real));
    auto j = last_json_object(o.out);
    CHECK(j["event"] == "error");
    CHECK(j["exit_code"] == 1);
    CHECK(contains(j["message"].get<std::string>(), "password authentication failed"));
  }
  nothing_changed(db, before);
}

TEST_CASE("a statement nested too deeply: every command names it, none crashes") {
  // 20,000 terms: a parse tree 40,000 levels deep, which overflowed the stack of every command
  // (and made status crash for the whole folder).
  TempDb db;
  Project p;
  write_valid(p);
  std::string sum = "1";
  for (int i = 1; i < 20000; ++i) {
    sum += "+1";
  }
  p.write("2_deep.up.sql", "-- generated\n  SELECT " + sum + ";\n");
  const std::string where =
      "migrations/2_deep.up.sql:2:3: statement is nested too deeply: its parse tree is more than "
      "10000 levels deep";
  const std::string before = schema_fingerprint(db);

  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"lint"}, {"plan"}, {"up"}, {"up", "--dry-run"}}) {
    SUBCASE(args.back().c_str()) {
      auto o = run(p.root(), db.url(), args);
      INFO("stdout: " << o.out);
      CHECK(o.exit_code == 2);
      CHECK(one_error_line(o).rfind(where, 0) == 0);
    }
  }
  SUBCASE("validate") {
    auto o = run(p.root(), db.url(), {"validate"});
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 2);
    CHECK(contains(o.err, k_prefix + where));
  }
  SUBCASE("status lists it with the rest of the folder") {
    auto o = run(p.root(), db.url(), {"status"});
    INFO("stdout: " << o.out);
    INFO("stderr: " << o.err);
    CHECK(o.exit_code == 0);
    CHECK(contains(o.out, "create_valid"));
    CHECK(contains(o.out, "deep"));
  }
  nothing_changed(db, before);
}

TEST_CASE("a migration file larger than the limit is refused before it is read") {
  TempDb db;
  Project p;
  write_valid(p);
  p.write("2_big.up.sql", "");
  std::filesystem::resize_file(p.dir() + "/2_big.up.sql", (std::uintmax_t{64} << 20) + 1);
  const std::string before = schema_fingerprint(db);
  for (const char* command : {"up", "lint", "status"}) {
    SUBCASE(command) {
      auto o = run(p.root(), db.url(), {command});
      CHECK(o.exit_code == 2);
      CHECK(one_error_line(o) == "migrations/2_big.up.sql: file is larger than 64 MiB");
    }
  }
  nothing_changed(db, before);
}

TEST_CASE("SIGTERM while a large file is parsed ends the run at once with exit 130") {
  // A seed file of about 16 MB (multi-row INSERTs): parsing it takes seconds, which used to
  // ignore SIGTERM altogether (a 53 MB file ran for 11 minutes).
  TempDb db;
  Project p;
  write_valid(p);
  std::string seed = "CREATE TABLE seed (id int, name text);\n";
  for (int s = 0; seed.size() < 16 * 1024 * 1024; ++s) {
    seed += "INSERT INTO seed VALUES ";
    for (int r = 0; r < 200; ++r) {
      seed += (r == 0 ? "(" : ", (") + std::to_string(s * 200 + r) + ", 'row number " +
              std::to_string(r) + " of statement " + std::to_string(s) + "')";
    }
    seed += ";\n";
  }
  p.write("2_seed.up.sql", seed);
  const std::string before = schema_fingerprint(db);
  for (const char* command : {"up", "lint"}) {
    SUBCASE(command) {
      Background b(p.root(), db.url(), {command});
      // Parsing has begun once the process has read the whole file.
      REQUIRE(eventually(
          [&] { return pgshift_bytes_read(b.pid()) > static_cast<long long>(seed.size()); }));
      b.signal(SIGTERM);
      auto o = b.wait();
      CHECK_MESSAGE(o.exit_code == 130, o.all());
      CHECK(contains(o.err, "interrupted"));
    }
  }
  nothing_changed(db, before);
}
