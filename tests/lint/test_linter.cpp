// The engine's own behaviour, apart from any one rule: configuration, the target version,
// severity overrides, the several files of a run, and the text reporter.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/directives.hpp"
#include "lint/linter.hpp"
#include "lint/registry.hpp"
#include "lint/report.hpp"

namespace pgshift::lint {
namespace {

core::Section section(std::string path, std::string text) {
  core::Section s;
  s.path = std::move(path);
  s.text = std::move(text);
  Result<core::SectionDirectives> d = core::parse_directives(s.text, s.path, 1);
  REQUIRE_MESSAGE(d.is_ok(), d.status().message());
  s.directives = std::move(d).value();
  return s;
}

// The engine's tests use adding-field-with-default as their example hazard (and unused-ignore):
// every other rule is disabled, so that a new rule's findings on the same SQL do not count.
Config example_rules_only(Config config) {
  for (const Rule* rule : all_rules()) {
    if (rule->id != "adding-field-with-default" && rule->id != "unused-ignore") {
      config.disabled.insert(std::string(rule->id));
    }
  }
  return config;
}

std::vector<Finding> lint_all(const std::vector<const core::Section*>& sections,
                              const Config& config = {}, const Facts& facts = {}) {
  std::vector<File> run;
  for (const core::Section* s : sections) {
    Result<File> f = parse_file(*s);
    REQUIRE_MESSAGE(f.is_ok(), f.status().message());
    run.push_back(std::move(f).value());
  }
  return lint(run, example_rules_only(config), facts);
}

const char* const k_volatile = "ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();\n";
const char* const k_constant = "ALTER TABLE users ADD COLUMN a int DEFAULT 0;\n";

TEST_CASE("lint::lint") {
  SUBCASE("a disabled rule does not run") {
    const core::Section s = section("1.sql", k_volatile);
    Config c;
    c.disabled.insert("adding-field-with-default");
    CHECK(lint_all({&s}, c).empty());
  }
  SUBCASE("a severity override replaces the rule's default") {
    const core::Section s = section("1.sql", k_volatile);
    Config c;
    c.severity["adding-field-with-default"] = Severity::warning;
    std::vector<Finding> f = lint_all({&s}, c);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::warning);
  }
  SUBCASE("the version: config first, then the server's facts, then 15") {
    const core::Section s = section("1.sql", k_constant);
    CHECK(lint_all({&s}).empty());
    Facts old_server;
    old_server.server_version_num = 100023;
    CHECK(lint_all({&s}, {}, old_server).size() == 1);
    Config c;
    c.pg_version = 150000;
    CHECK(lint_all({&s}, c, old_server).empty());
  }
  SUBCASE("a table created by an earlier file of the run makes the hazard a warning") {
    const core::Section a = section("1.sql", "CREATE TABLE users (id int);\n");
    const core::Section b = section("2.sql", k_volatile);
    std::vector<Finding> f = lint_all({&a, &b});
    REQUIRE(f.size() == 1);
    CHECK(f[0].path == "2.sql");
    CHECK(f[0].severity == Severity::warning);
    CHECK(count(f, Severity::error) == 0);
  }
  SUBCASE("a table created earlier in the run stays new when renamed, in this file or later") {
    const core::Section a = section("1.sql", "CREATE TABLE replication_target (id int);\n");
    const core::Section b = section(
        "2.sql", "ALTER TABLE replication_target RENAME TO users;\n" + std::string(k_volatile));
    std::vector<Finding> f = lint_all({&a, &b});
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::warning);
    CHECK(f[0].note ==
          "table \"users\" is created earlier in this run (as \"replication_target\")");
    const core::Section same =
        section("1.sql",
                "CREATE TABLE app.t (id int);\nALTER TABLE app.t RENAME TO u;\n"
                "ALTER TABLE app.u SET SCHEMA public;\n"
                "ALTER TABLE u ADD COLUMN t uuid DEFAULT gen_random_uuid();\n");
    CHECK(lint_all({&same}).empty());
  }
  SUBCASE("a big table of the target renamed by the run keeps its facts") {
    const core::Section s =
        section("1.sql", "ALTER TABLE events RENAME TO users;\n" + std::string(k_volatile));
    Facts facts;
    facts.tables["public.events"].rows = 50000;
    std::vector<Finding> f = lint_all({&s}, {}, facts);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::error);
    CHECK(f[0].message.find("table \"users\" has ~50k rows: ") == 0);
  }
  SUBCASE("a table the target lacks and the run does not visibly create is a warning") {
    const core::Section s = section("1.sql", k_volatile);
    Facts facts;
    facts.server_version_num = 150000;
    facts.absent.insert("public.users");
    std::vector<Finding> f = lint_all({&s}, {}, facts);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::warning);
    CHECK(f[0].note ==
          "table \"users\" is not in the target database and no earlier statement of the run "
          "creates it");
    CHECK(lint_all({&s})[0].severity == Severity::error);  // without facts: the strict view
    const core::Section moved =
        section("1.sql", "SET search_path TO app;\n" + std::string(k_volatile));
    CHECK(lint_all({&moved}, {}, facts)[0].severity == Severity::error);
  }
  SUBCASE("facts of another schema's table do not apply") {
    const core::Section s = section("1.sql", k_volatile);
    Facts facts;
    facts.tables["app.users"].rows = 10;
    std::vector<Finding> f = lint_all({&s}, {}, facts);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::error);
  }
  SUBCASE("an ignore of a disabled rule is not reported as unused") {
    const core::Section s = section(
        "1.sql", "-- pgshift:lint-ignore adding-field-with-default\n" + std::string(k_constant));
    Config c;
    c.disabled.insert("adding-field-with-default");
    CHECK(lint_all({&s}, c).empty());
  }
  SUBCASE("a table the target database has is judged by its facts, not by its creation") {
    const core::Section a = section("1.sql", "CREATE TABLE IF NOT EXISTS users (id int);\n");
    const core::Section b = section("2.sql", k_volatile);
    Facts facts;
    facts.tables["public.users"].rows = 50000;
    std::vector<Finding> f = lint_all({&a, &b}, {}, facts);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::error);
    CHECK(f[0].message.find("table \"users\" has ~50k rows: ") == 0);
    const core::Section same =
        section("1.sql", "CREATE TABLE IF NOT EXISTS users (id int);\n" + std::string(k_volatile));
    CHECK(lint_all({&same}, {}, facts).size() == 1);
  }
  SUBCASE("a row count that is only an upper bound says so") {
    const core::Section s = section("1.sql", k_volatile);
    Facts facts;
    facts.tables["public.users"] = TableFacts{255, 8192, true};
    std::vector<Finding> f = lint_all({&s}, {}, facts);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::warning);
    CHECK(f[0].note == "table \"users\" has at most 255 rows, below small_table_rows (10000)");
  }
  SUBCASE("the positions of findings all over a long file") {
    // Looked up in an index of the section: reading the text from its start for every finding
    // made a file of many statements quadratic.
    std::string text;
    for (int i = 0; i < 3000; ++i) {
      text += "-- caf\xc3\xa9 " + std::to_string(i) + "\n  " + k_volatile;
    }
    const core::Section s = section("1.sql", text);
    std::vector<Finding> f = lint_all({&s});
    REQUIRE(f.size() == 3000);
    for (int i = 0; i < 3000; i += 999) {
      CHECK(f[static_cast<std::size_t>(i)].line == 2 * i + 2);
      CHECK(f[static_cast<std::size_t>(i)].column == 32);
    }
  }
  SUBCASE("a table created further up the same file, or by a later statement") {
    const core::Section s =
        section("1.sql",
                "ALTER TABLE users ADD COLUMN t uuid DEFAULT gen_random_uuid();\n"
                "CREATE TABLE users (id int);\n"
                "CREATE TABLE users (id int);\n" +
                    std::string(k_volatile));
    std::vector<Finding> f = lint_all({&s});
    REQUIRE(f.size() == 1);  // only the first: the table does not exist yet there
    CHECK(f[0].line == 1);
  }
  SUBCASE("a statement nested deeper than the linter walks is refused, with its position") {
    std::string sum = "1";
    for (int i = 0; i < 20000; ++i) {
      sum += "+1";
    }
    const core::Section s = section("1.sql", "SELECT 1;\nSELECT " + sum + ";\n");
    Result<File> f = parse_file(s);
    REQUIRE_FALSE(f.is_ok());
    CHECK(f.status().code() == Code::invalid_input);
    CHECK(f.status().message().rfind("1.sql:2:1: statement is nested too deeply", 0) == 0);
  }
  SUBCASE("the position of a statement in a section that starts below line 1") {
    core::Section s = section("3_x.sql", "\n" + std::string(k_volatile));
    s.first_line = 5;
    std::vector<Finding> f = lint_all({&s});
    REQUIRE(f.size() == 1);
    CHECK(f[0].line == 6);
    CHECK(f[0].column == 30);
  }
}

TEST_CASE("lint::render_text") {
  Finding f;
  f.rule = "r";
  f.path = "m/1.sql";
  f.line = 3;
  f.column = 7;
  f.message = "message";
  CHECK(render_text(f) == "m/1.sql:3:7: error[r] message\n");
  f.lock = "ACCESS EXCLUSIVE on \"users\"";
  f.help = "do it safely";
  f.severity = Severity::warning;
  CHECK(render_text(f) ==
        "m/1.sql:3:7: warning[r] message\n  lock: ACCESS EXCLUSIVE on \"users\"\n  help: do it "
        "safely\n");
  CHECK(render_summary({}) == "no problems");
  CHECK(render_summary({f, f}) == "2 warnings");
}

TEST_CASE("lint::render_json, render_github, render_gcc") {
  Finding f;
  f.rule = "adding-field-with-default";
  f.path = "m/1,a.sql";
  f.line = 3;
  f.column = 7;
  f.message = "100% \"users\": rewrite";
  f.help = "do it safely";
  SUBCASE("json: one object per line, every key present") {
    CHECK(render_json({f}) ==
          "{\"column\":7,\"help\":\"do it safely\",\"line\":3,\"lock\":\"\",\"message\":\"100% "
          "\\\"users\\\": rewrite\",\"note\":\"\",\"path\":\"m/1,a.sql\",\"rule\":\"adding-field-"
          "with-default\",\"severity\":\"error\"}\n");
  }
  SUBCASE("github: workflow commands, escaped") {
    CHECK(render_github(f) ==
          "::error file=m/1%2Ca.sql,line=3,col=7,title=adding-field-with-default::100%25 "
          "\"users\": rewrite%0Ahelp: do it safely\n");
    f.severity = Severity::warning;
    CHECK(render_github({f}).rfind("::warning file=", 0) == 0);
  }
  SUBCASE("gcc: file:line:col: severity: message [rule], notes after") {
    f.lock = "ACCESS EXCLUSIVE on \"users\"";
    CHECK(render_gcc({f}) ==
          "m/1,a.sql:3:7: error: 100% \"users\": rewrite [adding-field-with-default]\n"
          "m/1,a.sql:3:7: note: lock: ACCESS EXCLUSIVE on \"users\"\n"
          "m/1,a.sql:3:7: note: help: do it safely\n");
  }
}

TEST_CASE("lint: every finding's message is one line, whatever names the SQL holds") {
  // fuzz/lint found it: a quoted name over 63 bytes holding a line break was quoted as it is
  // by identifier-too-long, over two lines.
  // So did an enum label holding one, quoted by adding-enum-value.
  const std::string long_name = std::string(70, 'a') + "\v\n-- " + std::string(10, 'b');
  core::Section s = section("m/1_x.sql", "SELECT 1 AS \"" + long_name +
                                             "\";\nCREATE TYPE mood AS ENUM ('sad');\n"
                                             "ALTER TYPE mood ADD VALUE 'a\nb';\n");
  Result<File> f = parse_file(s);
  REQUIRE_MESSAGE(f.is_ok(), f.status().message());
  std::vector<File> run;
  run.push_back(std::move(f).value());
  const std::vector<Finding> found = lint(run, Config{});
  REQUIRE_FALSE(found.empty());
  CHECK(std::any_of(found.begin(), found.end(), [](const Finding& f) {
    return f.message.find("\"mood\"") != std::string::npos;
  }));
  for (const Finding& finding : found) {
    CAPTURE(finding.rule);
    CHECK(finding.message.find('\n') == std::string::npos);
    CHECK(finding.message.find('\v') == std::string::npos);
  }
}

}  // namespace
}  // namespace pgshift::lint
