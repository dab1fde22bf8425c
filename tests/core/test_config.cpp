#include <doctest/doctest.h>

#include <map>

#include "core/config.hpp"
#include "core/temp_dir.hpp"

using namespace pgshift::core;
using pgshift::ChecksumMode;
using pgshift::Code;
using pgshift::Millis;
using pgshift::Options;
using pgshift::test::TempDir;

namespace {

// An environment made of a map, for tests.
EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

std::string toml_error(const std::string& text, const EnvLookup& env = env_of({})) {
  Options o;
  pgshift::Status s = apply_toml(text, "pgshift.toml", env, o);
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.code() == Code::invalid_input);
  return s.message();
}

}  // namespace

TEST_CASE("core::apply_toml [backfill]") {
  SUBCASE("every key is read") {
    Options o;
    REQUIRE(apply_toml("[backfill]\nbatch_size = 500\nmin_batch_size = 10\nmax_batch_size = "
                       "9000\ntarget_batch_time = \"1s\"\nsleep = \"20%\"\nstatement_timeout = "
                       "\"30s\"\nmax_replication_lag = \"5s\"\npause_on_autovacuum = false\n"
                       "max_lock_wait = \"250ms\"\n",
                       "pgshift.toml", env_of({}), o)
                .is_ok());
    CHECK(o.backfill.batch_size == 500);
    CHECK(o.backfill.min_batch_size == 10);
    CHECK(o.backfill.max_batch_size == 9000);
    CHECK(o.backfill.target_batch_time == Millis(1000));
    CHECK(o.backfill.sleep == Millis(0));
    CHECK(o.backfill.sleep_fraction == doctest::Approx(0.2));
    CHECK(o.backfill.statement_timeout == Millis(30000));
    CHECK(o.backfill.max_replication_lag == Millis(5000));
    CHECK_FALSE(o.backfill.pause_on_autovacuum);
    CHECK(o.backfill.max_lock_wait == Millis(250));
    Options fixed;
    REQUIRE(apply_toml("[backfill]\nsleep = \"50ms\"\nsleep_under_load = \"30%\"\n", "pgshift.toml",
                       env_of({}), fixed)
                .is_ok());
    CHECK(fixed.backfill.sleep == Millis(50));
    CHECK(fixed.backfill.sleep_under_load == doctest::Approx(0.3));
  }
  SUBCASE("bad values name the file, line and column") {
    CHECK(toml_error("[backfill]\nbatch_size = 0\n") ==
          "pgshift.toml:2:14: \"batch_size\" in [backfill] must be a whole number of rows from 1 "
          "to 10000000");
    CHECK(toml_error("[backfill]\nfast = true\n") ==
          "pgshift.toml:2:1: unknown key \"fast\" in [backfill] (known: batch_size, "
          "min_batch_size, max_batch_size, target_batch_time, sleep, sleep_under_load, "
          "statement_timeout, "
          "max_replication_lag, pause_on_autovacuum, max_autovacuum_pause, max_lock_wait)");
    CHECK(toml_error("[backfill]\nmin_batch_size = 100\nmax_batch_size = 10\n") ==
          "pgshift.toml:1:1: [backfill] max_batch_size must not be below min_batch_size");
  }
}

TEST_CASE("core::apply_toml") {
  SUBCASE("every key is read onto the options") {
    Options o;
    auto s = apply_toml(
        "database_url = \"postgresql://u@h/db\"\n"
        "dir = \"db/migrations\"\n"
        "history_schema = \"pgshift_history\"\n"
        "checksum = \"exact\"\n"
        "[lock]\n"
        "wait = \"5s\"\n"
        "[ddl]\n"
        "lock_timeout = \"2s\"\n"
        "statement_timeout = \"10min\"\n"
        "retries = 7\n",
        "pgshift.toml", env_of({}), o);
    INFO(s.message());
    REQUIRE(s.is_ok());
    CHECK(o.database_url == "postgresql://u@h/db");
    CHECK(o.dir == "db/migrations");
    CHECK(o.history_schema == "pgshift_history");
    CHECK(o.checksum_mode == ChecksumMode::exact);
    CHECK(o.lock_wait == Millis(5000));
    CHECK(o.ddl.lock_timeout == Millis(2000));
    CHECK(o.ddl.lock_timeout_max == Millis(2000));  // raised to lock_timeout when not set
    CHECK(o.ddl.statement_timeout == Millis(600000));
    CHECK(o.ddl.retries == 7);
  }

  SUBCASE("every [ddl] ladder and pre-flight key is read") {
    Options o;
    auto s = apply_toml(
        "[ddl]\nlock_timeout = \"20ms\"\nlock_timeout_max = \"400ms\"\nretry_sleep = \"1s\"\n"
        "retry_sleep_max = \"1min\"\npreflight_threshold = \"2s\"\npreflight_wait = \"30s\"\n",
        "pgshift.toml", env_of({}), o);
    INFO(s.message());
    REQUIRE(s.is_ok());
    CHECK(o.ddl.lock_timeout == Millis(20));
    CHECK(o.ddl.lock_timeout_max == Millis(400));
    CHECK(o.ddl.retry_sleep == Millis(1000));
    CHECK(o.ddl.retry_sleep_max == Millis(60000));
    CHECK(o.ddl.preflight_threshold == Millis(2000));
    CHECK(o.ddl.preflight_wait == Millis(30000));
  }

  SUBCASE("an empty document keeps the defaults") {
    Options o;
    REQUIRE(apply_toml("# nothing\n", "pgshift.toml", env_of({}), o).is_ok());
    CHECK(o.dir == "migrations");
    CHECK(o.history_schema == "pgshift");
    CHECK(o.checksum_mode == ChecksumMode::normalized);
    CHECK(o.lock_wait == Millis(60000));
    CHECK(o.ddl.lock_timeout == Millis(50));
    CHECK(o.ddl.lock_timeout_max == Millis(250));
    CHECK(o.ddl.retries == 40);
    CHECK_FALSE(o.ddl.statement_timeout.has_value());
  }

  SUBCASE("${VAR} expands from the environment; $${ is a literal ${; a lone $ stays") {
    Options o;
    auto s = apply_toml(
        "database_url = \"postgresql://${DB_USER}:${DB_PASS}@h/db?x=$$${Y}\"\n"
        "dir = \"${ROOT}/m$1\"\n",
        "pgshift.toml", env_of({{"DB_USER", "app"}, {"DB_PASS", "s3cret"}, {"ROOT", "/srv"}}), o);
    INFO(s.message());
    REQUIRE(s.is_ok());
    CHECK(o.database_url == "postgresql://app:s3cret@h/db?x=$${Y}");
    CHECK(o.dir == "/srv/m$1");
  }

  SUBCASE("an error leaves the options untouched") {
    Options o;
    auto s = apply_toml("dir = \"elsewhere\"\nbogus = 1\n", "pgshift.toml", env_of({}), o);
    REQUIRE_FALSE(s.is_ok());
    CHECK(o.dir == "migrations");
  }

  SUBCASE("mistakes are errors with file, line and column") {
    struct Row {
      const char* text;
      const char* message;
    };
    const Row rows[] = {
        {"bogus = 1\n",
         "pgshift.toml:1:1: unknown key \"bogus\" at the top level (known: database_url, dir, "
         "layout, history_schema, checksum, [lock], [ddl], [backfill], [lint], [adopt], "
         "[report])"},
        {"[ddl]\nlock_timeout = \"1s\"\nlock_timout = \"2s\"\n",
         "pgshift.toml:3:1: unknown key \"lock_timout\" in [ddl] (known: lock_timeout, "
         "lock_timeout_max, retry_sleep, retry_sleep_max, retries, statement_timeout, "
         "preflight_threshold, preflight_wait)"},
        {"[ddl]\nlock_timeout = \"0s\"\n",
         "pgshift.toml:2:16: \"lock_timeout\" in [ddl] must be at least 1ms"},
        {"[ddl]\nlock_timeout = \"1s\"\nlock_timeout_max = \"100ms\"\n",
         "pgshift.toml:1:1: [ddl] lock_timeout_max must not be below lock_timeout"},
        {"[lock]\n  timeout = \"1s\"\n",
         "pgshift.toml:2:3: unknown key \"timeout\" in [lock] (known: wait)"},
        {"[backfills]\nbatch = 1\n",
         "pgshift.toml:1:2: unknown key \"backfills\" at the top level (known: database_url, "
         "dir, layout, history_schema, checksum, [lock], [ddl], [backfill], [lint], [adopt], "
         "[report])"},
        {"[lint]\nignore = []\n",
         "pgshift.toml:2:1: unknown key \"ignore\" in [lint] (known: disabled, severity, "
         "pg_version, small_table_rows, standalone)"},
        {"[lint]\ndisabled = \"ban-drop-table\"\n",
         "pgshift.toml:2:12: \"disabled\" in [lint] must be an array of rule ids, not a string"},
        {"[lint]\ndisabled = [1]\n",
         "pgshift.toml:2:13: \"disabled\" in [lint] item must be a string, not an integer"},
        {"[lint.severity]\nban-drop-table = \"fatal\"\n",
         "pgshift.toml:2:18: \"ban-drop-table\" in [lint.severity] must be \"error\", "
         "\"warning\" or \"off\", not \"fatal\""},
        {"[lint]\nseverity = \"error\"\n",
         "pgshift.toml:2:12: \"severity\" in [lint] must be a table ([lint.severity]), not a "
         "string"},
        {"[lint]\npg_version = \"fifteen\"\n",
         "pgshift.toml:2:14: \"pg_version\" in [lint]: write a PostgreSQL major version "
         "(\"15\", \"9.6\"), a release (\"15.4\") or a server_version_num (150004)"},
        {"[lint]\nsmall_table_rows = -5\n",
         "pgshift.toml:2:20: \"small_table_rows\" in [lint] must be a whole number of rows (0 or "
         "more)"},
        {"[lint]\nstandalone = \"yes\"\n",
         "pgshift.toml:2:14: \"standalone\" in [lint] must be true or false, not a string"},
        {"[report]\nqueries = false\n",
         "pgshift.toml:2:1: unknown key \"queries\" in [report] (known: other_queries)"},
        {"[report]\nother_queries = \"no\"\n",
         "pgshift.toml:2:17: \"other_queries\" in [report] must be true or false, not a string"},
        {"[lock]\nwait = \"2562048h\"\n",
         "pgshift.toml:2:8: \"wait\" in [lock]: invalid duration \"2562048h\": too large, the "
         "longest is 2147483647ms (about 596h)"},
        {"dir = 5\n", "pgshift.toml:1:7: \"dir\" must be a string, not an integer"},
        {"dir = \"\"\n", "pgshift.toml:1:7: \"dir\" must not be empty"},
        {"lock = \"5s\"\n", "pgshift.toml:1:8: \"lock\" must be a table ([lock]), not a string"},
        {"[lock]\nwait = 5\n",
         "pgshift.toml:2:8: \"wait\" in [lock] must be a string, not an integer"},
        {"[lock]\nwait = \"5 minutes\"\n",
         "pgshift.toml:2:8: \"wait\" in [lock]: invalid duration \"5 minutes\": write a whole "
         "number and a unit: 250ms, 2s, 5min, 1h"},
        {"[ddl]\nretries = \"3\"\n",
         "pgshift.toml:2:11: \"retries\" in [ddl] must be an integer, not a string"},
        {"[ddl]\nretries = -1\n",
         "pgshift.toml:2:11: \"retries\" in [ddl] must be a whole number from 0 to 1000"},
        {"[ddl]\nstatement_timeout = 1.5\n",
         "pgshift.toml:2:21: \"statement_timeout\" in [ddl] must be a string, not a float"},
        {"checksum = \"sha1\"\n",
         "pgshift.toml:1:12: \"checksum\" must be \"normalized\" or \"exact\", not \"sha1\""},
        {"history_schema = \"1bad\"\n",
         "pgshift.toml:1:18: history_schema: invalid schema name \"1bad\": use letters, digits, _ "
         "and $, starting with a letter or _, at most 63 bytes"},
        {"database_url = \"${NOPE}\"\n",
         "pgshift.toml:1:16: \"database_url\": environment variable \"NOPE\" is not set (used as "
         "${NOPE})"},
        {"dir = \"${OPEN\"\n",
         "pgshift.toml:1:7: \"dir\": unterminated \"${\" (write ${NAME}, or $${ for a literal "
         "\"${\")"},
        {"dir = \"${1X}\"\n",
         "pgshift.toml:1:7: \"dir\": invalid environment variable name \"1X\" in \"${1X}\""},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      CHECK(toml_error(r.text) == r.message);
    }
  }

  SUBCASE("[lint] is read, with where each rule id was written") {
    Options o;
    auto s = apply_toml(
        "[lint]\n"
        "disabled = [\"prefer-robust-stmts\", \"ban-char-field\"]\n"
        "pg_version = \"11\"\n"
        "small_table_rows = 500\n"
        "standalone = true\n"
        "[lint.severity]\n"
        "ban-drop-column = \"warning\"\n"
        "prefer-text-field = \"off\"\n",
        "pgshift.toml", env_of({}), o);
    INFO(s.message());
    REQUIRE(s.is_ok());
    CHECK(o.lint.disabled == std::vector<std::string>{"prefer-robust-stmts", "ban-char-field"});
    CHECK(o.lint.severity.at("ban-drop-column") == "warning");
    CHECK(o.lint.severity.at("prefer-text-field") == "off");
    CHECK(o.lint.pg_version == 110000);
    CHECK(o.lint.small_table_rows == 500);
    CHECK(o.lint.standalone);
    CHECK(o.lint.rule_origins.at("ban-char-field") == "pgshift.toml:2:36");
    CHECK(o.lint.rule_origins.at("ban-drop-column") == "pgshift.toml:7:1");
  }

  SUBCASE("[adopt] is read, with where each value was written; flags win") {
    Options o;
    CHECK(o.adopt.from == "auto");
    CHECK(o.adopt.table.empty());
    auto s = apply_toml("[adopt]\nfrom = \"goose\"\ntable = \"ops.goose_db_version\"\n",
                        "pgshift.toml", env_of({}), o);
    INFO(s.message());
    REQUIRE(s.is_ok());
    CHECK(o.adopt.from == "goose");
    CHECK(o.adopt.from_origin == "pgshift.toml:2:8");
    CHECK(o.adopt.table == "ops.goose_db_version");
    CHECK(o.adopt.table_origin == "pgshift.toml:3:9");
    CHECK(apply_toml("[adopt]\ntool = \"x\"\n", "pgshift.toml", env_of({}), o).message() ==
          "pgshift.toml:2:1: unknown key \"tool\" in [adopt] (known: from, table)");
    FlagOverrides flags;
    flags.adopt_from = "none";
    flags.adopt_table = "t";
    auto l = load_options(std::nullopt, false, flags, env_of({}));
    REQUIRE(l.is_ok());
    CHECK(l->adopt.from == "none");
    CHECK(l->adopt.from_origin == "--adopt-from");
    CHECK(l->adopt.table_origin == "--adopt-table");
  }

  SUBCASE("[lint] defaults") {
    Options o;
    REQUIRE(apply_toml("", "pgshift.toml", env_of({}), o).is_ok());
    CHECK(o.lint.disabled.empty());
    CHECK(o.lint.severity.empty());
    CHECK_FALSE(o.lint.pg_version.has_value());
    CHECK(o.lint.small_table_rows == 10000);
    CHECK_FALSE(o.lint.standalone);
  }

  SUBCASE("[report] other_queries: true by default, false hides other sessions' queries") {
    Options o;
    REQUIRE(apply_toml("", "pgshift.toml", env_of({}), o).is_ok());
    CHECK(o.report.other_queries);
    REQUIRE(apply_toml("[report]\nother_queries = false\n", "pgshift.toml", env_of({}), o).is_ok());
    CHECK_FALSE(o.report.other_queries);
  }

  SUBCASE("the first mistake in file order is the one reported") {
    CHECK(toml_error("zzz = 1\naaa = 2\n").find("pgshift.toml:1:1: unknown key \"zzz\"") == 0);
  }

  SUBCASE("TOML syntax errors carry toml++'s position and description") {
    std::string m = toml_error("dir = \"migrations\"\ndir = \"again\"\n");
    CHECK(m.find("pgshift.toml:2:") == 0);
    std::string m2 = toml_error("[ddl\n");
    CHECK(m2.find("pgshift.toml:1:") == 0);
  }
}

TEST_CASE("core::parse_pg_version") {
  const std::pair<const char*, std::optional<int>> rows[] = {
      {"15", 150000},
      {"11", 110000},
      {"15.4", 150004},
      {"10.23", 100023},
      {"9.6", 90600},
      {"9.6.3", 90603},
      {"150004", 150004},
      {"90624", 90624},
      {"", std::nullopt},
      {"fifteen", std::nullopt},
      {"15.", std::nullopt},
      {"9", std::nullopt},
      {"1.2.3.4", std::nullopt},
      {"150", std::nullopt},
  };
  for (const auto& [text, expected] : rows) {
    CAPTURE(text);
    CHECK(parse_pg_version(text) == expected);
  }
}

TEST_CASE("core::check_toml_syntax") {
  CHECK(check_toml_syntax("a = 1\n[b]\nc = \"x\"\n", "f.toml").is_ok());
  pgshift::Status s = check_toml_syntax("a = 1\na = = 2\n", "f.toml");
  REQUIRE_FALSE(s.is_ok());
  CHECK(s.code() == Code::invalid_input);
  CHECK(s.message().find("f.toml:2:") == 0);
  // pgshift's messages start lowercase, whatever toml++ writes.
  CHECK(s.message().size() > 10);
  CHECK_FALSE(std::isupper(static_cast<unsigned char>(s.message()[s.message().find(": ") + 2])));
}

TEST_CASE("core::check_schema_name") {
  for (const char* ok : {"pgshift", "_private", "History2", "a$b", "x"}) {
    CAPTURE(ok);
    CHECK(check_schema_name(ok, "history_schema").is_ok());
  }
  for (const char* bad : {"", "1abc", "a-b", "a b", "\"x\"", "$x", "pg_history", "é"}) {
    CAPTURE(bad);
    pgshift::Status s = check_schema_name(bad, "history_schema");
    REQUIRE_FALSE(s.is_ok());
    CHECK(s.message().find("history_schema: invalid schema name \"" + std::string(bad) + "\"") ==
          0);
  }
  CHECK(check_schema_name(std::string(63, 'a'), "x").is_ok());
  CHECK_FALSE(check_schema_name(std::string(64, 'a'), "x").is_ok());
}

TEST_CASE("core::load_options") {
  TempDir tmp;
  const std::string config = tmp.write("conf/pgshift.toml",
                                       "database_url = \"postgresql://file@h/db\"\n"
                                       "dir = \"migs\"\n"
                                       "history_schema = \"from_file\"\n"
                                       "[lock]\nwait = \"10s\"\n");

  SUBCASE("without a file, environment or flags the defaults stand") {
    auto o = load_options(tmp / "absent.toml", false, {}, env_of({}));
    REQUIRE(o.is_ok());
    CHECK(o->database_url.empty());
    CHECK(o->dir == "migrations");
    CHECK(o->history_schema == "pgshift");
    CHECK(o->lock_wait == Millis(60000));
  }

  SUBCASE("a config that is not required is read when it exists") {
    auto o = load_options(config, false, {}, env_of({}));
    REQUIRE(o.is_ok());
    CHECK(o->history_schema == "from_file");
  }

  SUBCASE("a directory given as the config is an error") {
    auto o = load_options(tmp.path(), false, {}, env_of({}));
    REQUIRE_FALSE(o.is_ok());
    CHECK(o.status().message() == "config file \"" + tmp.path() + "\" is a directory");
  }

  SUBCASE("an explicit --config that does not exist is an error") {
    auto o = load_options(tmp / "absent.toml", true, {}, env_of({}));
    REQUIRE_FALSE(o.is_ok());
    CHECK(o.status().code() == Code::invalid_input);
    CHECK(o.status().message() == "config file \"" + (tmp / "absent.toml") + "\" does not exist");
  }

  SUBCASE("the file is read and a relative dir is taken next to it") {
    auto o = load_options(config, true, {}, env_of({}));
    INFO(o.status().message());
    REQUIRE(o.is_ok());
    CHECK(o->database_url == "postgresql://file@h/db");
    CHECK(o->dir == tmp / "conf/migs");
    CHECK(o->history_schema == "from_file");
    CHECK(o->lock_wait == Millis(10000));
  }

  SUBCASE("an absolute dir in the file is kept as written") {
    std::string abs = tmp.write("abs.toml", "dir = \"/srv/migrations\"\n");
    auto o = load_options(abs, true, {}, env_of({}));
    REQUIRE(o.is_ok());
    CHECK(o->dir == "/srv/migrations");
  }

  SUBCASE("errors in the file name the file with line and column") {
    std::string bad = tmp.write("bad.toml", "\n[ddl]\nretries = true\n");
    auto o = load_options(bad, true, {}, env_of({}));
    REQUIRE_FALSE(o.is_ok());
    CHECK(o.status().message() ==
          bad + ":3:11: \"retries\" in [ddl] must be an integer, not a boolean");
  }

  SUBCASE("the environment overrides the file") {
    auto o = load_options(config, true, {},
                          env_of({{"PGSHIFT_DATABASE_URL", "postgresql://env@h/db"},
                                  {"DATABASE_URL", "postgresql://generic@h/db"},
                                  {"PGSHIFT_DIR", "env_dir"},
                                  {"PGSHIFT_HISTORY_SCHEMA", "from_env"},
                                  {"PGSHIFT_LOCK_WAIT", "250ms"}}));
    REQUIRE(o.is_ok());
    CHECK(o->database_url == "postgresql://env@h/db");
    CHECK(o->dir == "env_dir");
    CHECK(o->history_schema == "from_env");
    CHECK(o->lock_wait == Millis(250));
  }

  SUBCASE("DATABASE_URL is used when PGSHIFT_DATABASE_URL is not set") {
    auto o =
        load_options(config, true, {}, env_of({{"DATABASE_URL", "postgresql://generic@h/db"}}));
    REQUIRE(o.is_ok());
    CHECK(o->database_url == "postgresql://generic@h/db");
  }

  SUBCASE("an empty environment variable counts as unset") {
    auto o = load_options(config, true, {},
                          env_of({{"PGSHIFT_DATABASE_URL", ""},
                                  {"DATABASE_URL", "postgresql://generic@h/db"},
                                  {"PGSHIFT_DIR", ""}}));
    REQUIRE(o.is_ok());
    CHECK(o->database_url == "postgresql://generic@h/db");
    CHECK(o->dir == tmp / "conf/migs");
  }

  SUBCASE("flags override the environment and the file") {
    FlagOverrides flags;
    flags.database_url = "postgresql://flag@h/db";
    flags.dir = "flag_dir";
    flags.history_schema = "from_flag";
    flags.checksum = "exact";
    flags.lock_wait = "1min";
    auto o = load_options(config, true, flags,
                          env_of({{"PGSHIFT_DATABASE_URL", "postgresql://env@h/db"},
                                  {"PGSHIFT_DIR", "env_dir"},
                                  {"PGSHIFT_HISTORY_SCHEMA", "from_env"},
                                  {"PGSHIFT_LOCK_WAIT", "250ms"}}));
    REQUIRE(o.is_ok());
    CHECK(o->database_url == "postgresql://flag@h/db");
    CHECK(o->dir == "flag_dir");
    CHECK(o->history_schema == "from_flag");
    CHECK(o->checksum_mode == ChecksumMode::exact);
    CHECK(o->lock_wait == Millis(60000));
  }

  SUBCASE("bad values from the environment and flags name where they came from") {
    struct Row {
      std::map<std::string, std::string> env;
      FlagOverrides flags;
      const char* message;
    };
    FlagOverrides lock_wait;
    lock_wait.lock_wait = "x";
    FlagOverrides checksum;
    checksum.checksum = "fast";
    FlagOverrides schema;
    schema.history_schema = "bad-name";
    FlagOverrides empty_dir;
    empty_dir.dir = "";
    const Row rows[] = {
        {{{"PGSHIFT_LOCK_WAIT", "soon"}},
         {},
         "PGSHIFT_LOCK_WAIT: invalid duration \"soon\": write a whole number and a unit: 250ms, "
         "2s, 5min, 1h"},
        {{{"PGSHIFT_HISTORY_SCHEMA", "pg_mine"}},
         {},
         "PGSHIFT_HISTORY_SCHEMA: invalid schema name \"pg_mine\": names starting with \"pg_\" "
         "are reserved by PostgreSQL"},
        {{},
         lock_wait,
         "--lock-wait: invalid duration \"x\": write a whole number and a unit: 250ms, 2s, 5min, "
         "1h"},
        {{}, checksum, "--checksum: must be \"normalized\" or \"exact\", not \"fast\""},
        {{},
         schema,
         "--history-schema: invalid schema name \"bad-name\": use letters, digits, _ and $, "
         "starting with a letter or _, at most 63 bytes"},
        {{}, empty_dir, "--dir: must not be empty"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.message);
      auto o = load_options(tmp / "absent.toml", false, r.flags, env_of(r.env));
      REQUIRE_FALSE(o.is_ok());
      CHECK(o.status().code() == Code::invalid_input);
      CHECK(o.status().message() == r.message);
    }
  }
}

TEST_CASE("core::process_env") {
  EnvLookup env = process_env();
  // PATH is set in every environment the tests run in; this name is not.
  CHECK(env("PATH").has_value());
  CHECK_FALSE(env("PGSHIFT_TEST_SURELY_UNSET_VARIABLE_1234").has_value());
}
