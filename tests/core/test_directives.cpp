#include <doctest/doctest.h>

#include <string>

#include "core/directives.hpp"

using namespace pgshift::core;
using pgshift::Code;
using pgshift::Millis;

namespace {

// The error message of parsing `text` as a section starting on line 1 of "m.up.sql".
std::string error_of(const std::string& text, int first_line = 1) {
  auto r = parse_directives(text, "m.up.sql", first_line);
  REQUIRE_FALSE(r.is_ok());
  CHECK(r.status().code() == Code::invalid_input);
  return r.status().message();
}

SectionDirectives parsed(const std::string& text) {
  auto r = parse_directives(text, "m.up.sql", 1);
  INFO(r.status().message());
  REQUIRE(r.is_ok());
  return *r;
}

}  // namespace

TEST_CASE("core::parse_directives") {
  SUBCASE("file-level directives at the top of a section are read") {
    SectionDirectives d = parsed(
        "-- add the index without blocking writes\n"
        "-- pgshift:no-transaction\n"
        "\n"
        "  --pgshift:lock-timeout 2s\n"
        "-- pgshift:statement-timeout   10min  \r\n"
        "-- pgshift:retries 20\n"
        "/* a one-line block comment */\n"
        "-- pgshift:lint-ignore require-concurrent-index, ban-drop-column\n"
        "CREATE INDEX CONCURRENTLY i ON t (c);\n");
    CHECK(d.file.no_transaction);
    CHECK(d.file.lock_timeout == Millis(2000));
    CHECK(d.file.statement_timeout == Millis(600000));
    CHECK(d.file.retries == 20);
    CHECK(d.file.lint_ignore ==
          std::vector<std::string>{"require-concurrent-index", "ban-drop-column"});
    CHECK(d.inline_.empty());
  }

  SUBCASE("a section without directives sets nothing") {
    SectionDirectives d = parsed("-- pgshift is great\nCREATE TABLE t (id int);\n");
    CHECK_FALSE(d.file.no_transaction);
    CHECK_FALSE(d.file.lock_timeout.has_value());
    CHECK_FALSE(d.file.statement_timeout.has_value());
    CHECK_FALSE(d.file.retries.has_value());
    CHECK(d.file.lint_ignore.empty());
    CHECK(d.inline_.empty());
  }

  SUBCASE("lint-ignore ids may be separated by commas and/or spaces") {
    struct Row {
      const char* line;
      std::vector<std::string> ids;
    };
    const Row rows[] = {
        {"-- pgshift:lint-ignore a", {"a"}},
        {"-- pgshift:lint-ignore a,b", {"a", "b"}},
        {"-- pgshift:lint-ignore a, b", {"a", "b"}},
        {"-- pgshift:lint-ignore a b  c", {"a", "b", "c"}},
        {"-- pgshift:lint-ignore ban-drop-column,prefer-bigint-2",
         {"ban-drop-column", "prefer-bigint-2"}},
    };
    for (const Row& r : rows) {
      CAPTURE(r.line);
      CHECK(parsed(r.line).file.lint_ignore == r.ids);
    }
  }

  SUBCASE("several lint-ignore lines at the top add up, each id kept once") {
    SectionDirectives d =
        parsed("-- pgshift:lint-ignore a, b\n-- pgshift:lint-ignore b, c\nSELECT 1;");
    CHECK(d.file.lint_ignore == std::vector<std::string>{"a", "b", "c"});
  }

  SUBCASE("top lint-ignore lines keep their positions, for unused-ignore") {
    SectionDirectives d =
        parsed("-- pgshift:lint-ignore a, b\n-- pgshift:lint-ignore b, c\nSELECT 1;");
    REQUIRE(d.file_ignores.size() == 2);
    CHECK(d.file_ignores[1].line == 2);
    CHECK(d.file_ignores[1].rule_ids == std::vector<std::string>{"b", "c"});
    CHECK(d.file_ignores[1].columns == std::vector<int>{24, 27});
    CHECK(d.inline_.empty());
  }

  SUBCASE("lint-ignore below the first statement is kept inline with its line") {
    SectionDirectives d = parsed(
        "CREATE TABLE t (id int);\n"
        "-- pgshift:lint-ignore ban-drop-column, x\n"
        "ALTER TABLE t DROP COLUMN id;\n");
    CHECK(d.file.lint_ignore.empty());
    REQUIRE(d.inline_.size() == 1);
    CHECK(d.inline_[0].name == "lint-ignore");
    CHECK(d.inline_[0].args == "ban-drop-column, x");
    CHECK(d.inline_[0].line == 2);
    CHECK(d.inline_[0].rule_ids == std::vector<std::string>{"ban-drop-column", "x"});
    CHECK(d.inline_[0].columns == std::vector<int>{24, 41});
  }

  SUBCASE("batch stands above its statement, also at the top, with optional size and sleep") {
    SectionDirectives d = parsed(
        "-- pgshift:batch\n"
        "UPDATE t SET a = 1;\n"
        "-- pgshift:batch size=500, sleep=50ms\n"
        "UPDATE t SET b = 1;\n"
        "-- pgshift:batch sleep=25%\n"
        "DELETE FROM t;\n");
    CHECK(d.file.canonical().empty());  // how fast, not what: no checksum change
    REQUIRE(d.inline_.size() == 3);
    CHECK(d.inline_[0].name == "batch");
    CHECK(d.inline_[0].line == 1);
    CHECK_FALSE(d.inline_[0].batch_size);
    CHECK(d.inline_[1].batch_size == 500);
    CHECK(d.inline_[1].batch_sleep == Millis(50));
    CHECK(d.inline_[2].batch_sleep_fraction == doctest::Approx(0.25));
  }

  SUBCASE("inline lines are numbered from the section's first line") {
    auto r = parse_directives("SELECT 1;\n-- pgshift:lint-ignore a\n", "f.sql", 10);
    REQUIRE(r.is_ok());
    REQUIRE(r->inline_.size() == 1);
    CHECK(r->inline_[0].line == 11);
  }

  SUBCASE("a block comment that does not close on its line counts as a statement") {
    CHECK(error_of("/* multi\n   line */\n-- pgshift:no-transaction\n") ==
          "m.up.sql:3:1: directive \"no-transaction\" must be at the top of the section, before "
          "the first statement");
    CHECK(error_of("/* x */ SELECT 1;\n-- pgshift:retries 1\n").find("must be at the top") !=
          std::string::npos);
  }

  SUBCASE("lint-ignore takes rule ids only: nothing else can ride along in its arguments") {
    // The ids reach the linter and its reports, never SQL; only [a-z0-9] words joined by '-'
    // are ids, so no quote, comment, dollar quote or statement passes.
    const char* hostile[] = {"ban-drop-column;DROP",
                             "$pgshift$",
                             "a--b",
                             "*/",
                             "x'y",
                             "\"ban-drop-column\"",
                             "ban_drop_column",
                             "ban-drop-column\\",
                             "r\xc3\xa9gle"};
    for (const std::string id : hostile) {
      CAPTURE(id);
      const std::string message = error_of("-- pgshift:lint-ignore ban-drop-column " + id);
      CHECK(message == "m.up.sql:1:40: directive \"lint-ignore\": \"" + id +
                           "\" is not a rule id (lowercase letters and digits in words joined by "
                           "\"-\", e.g. ban-drop-column)");
    }
  }

  SUBCASE("bad directives are errors with file, line and column") {
    struct Row {
      const char* text;
      const char* message;
    };
    const Row rows[] = {
        {"-- pgshift:foo",
         "m.up.sql:1:12: unknown directive \"foo\" (known: no-transaction, lock-timeout, "
         "statement-timeout, retries, lint-ignore, batch)"},
        {"-- pgshift:lock-timeout 0ms",
         "m.up.sql:1:25: directive \"lock-timeout\" must be at least 1ms"},
        {"\n-- pgshift:lock_timeout 2s",
         "m.up.sql:2:12: unknown directive \"lock_timeout\" (known: no-transaction, lock-timeout, "
         "statement-timeout, retries, lint-ignore, batch)"},
        {"-- pgshift: no-transaction",
         "m.up.sql:1:12: missing directive name after \"pgshift:\" (known: no-transaction, "
         "lock-timeout, statement-timeout, retries, lint-ignore, batch)"},
        {"SELECT 1;\n-- pgshift:no-transaction",
         "m.up.sql:2:1: directive \"no-transaction\" must be at the top of the section, before "
         "the first statement"},
        {"SELECT 1;\n  -- pgshift:lock-timeout 1s",
         "m.up.sql:2:3: directive \"lock-timeout\" must be at the top of the section, before the "
         "first statement"},
        {"-- pgshift:retries 1\n-- pgshift:retries 2",
         "m.up.sql:2:1: directive \"retries\" is repeated (first on line 1)"},
        {"-- pgshift:no-transaction yes",
         "m.up.sql:1:27: directive \"no-transaction\" takes no argument"},
        {"-- pgshift:lock-timeout",
         "m.up.sql:1:24: directive \"lock-timeout\" needs a duration, e.g. \"-- "
         "pgshift:lock-timeout 2s\""},
        {"-- pgshift:statement-timeout 5 minutes",
         "m.up.sql:1:30: directive \"statement-timeout\": invalid duration \"5 minutes\": write a "
         "whole number and a unit: 250ms, 2s, 5min, 1h"},
        {"-- pgshift:retries lots",
         "m.up.sql:1:20: directive \"retries\": \"lots\" is not a whole number from 0 to 1000"},
        {"-- pgshift:retries 1001",
         "m.up.sql:1:20: directive \"retries\": \"1001\" is not a whole number from 0 to 1000"},
        {"-- pgshift:retries -1",
         "m.up.sql:1:20: directive \"retries\": \"-1\" is not a whole number from 0 to 1000"},
        {"-- pgshift:retries",
         "m.up.sql:1:19: directive \"retries\" needs a whole number from 0 to 1000, e.g. \"-- "
         "pgshift:retries 20\""},
        {"-- pgshift:lint-ignore",
         "m.up.sql:1:23: directive \"lint-ignore\" needs at least one rule id, e.g. \"-- "
         "pgshift:lint-ignore ban-drop-column\""},
        {"-- pgshift:lint-ignore good, Bad_Rule",
         "m.up.sql:1:30: directive \"lint-ignore\": \"Bad_Rule\" is not a rule id (lowercase "
         "letters and digits in words joined by \"-\", e.g. ban-drop-column)"},
        {"SELECT 1;\n-- pgshift:lint-ignore -dash",
         "m.up.sql:2:24: directive \"lint-ignore\": \"-dash\" is not a rule id (lowercase letters "
         "and digits in words joined by \"-\", e.g. ban-drop-column)"},
        {"-- pgshift:batch size=0",
         "m.up.sql:1:18: directive \"batch\": size must be a whole number of rows from 1 to "
         "9999999, e.g. size=5000"},
        {"-- pgshift:batch sleep=soon",
         "m.up.sql:1:18: directive \"batch\": sleep: invalid duration \"soon\": write a whole "
         "number and a unit: 250ms, 2s, 5min, 1h"},
        {"-- pgshift:batch sleep=x%",
         "m.up.sql:1:18: directive \"batch\": sleep=x% is not a percentage (a whole number, "
         "e.g. sleep=50%)"},
        {"-- pgshift:batch fast",
         "m.up.sql:1:18: directive \"batch\": unknown argument \"fast\" (known: size=N, "
         "sleep=DURATION or sleep=N%)"},
        {"-- pgshift:up",
         "m.up.sql:1:1: section markers belong in single-file migrations (<version>_<name>.sql)"},
        {"SELECT 1;\n--pgshift:down",
         "m.up.sql:2:1: section markers belong in single-file migrations (<version>_<name>.sql)"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      CHECK(error_of(r.text) == r.message);
    }
  }

  SUBCASE("error lines are numbered from the section's first line") {
    CHECK(error_of("\n-- pgshift:foo", 5).find("m.up.sql:6:12:") == 0);
  }
}

TEST_CASE("core::Directives::canonical") {
  SUBCASE("nothing set is empty") {
    CHECK(Directives{}.canonical().empty());
  }

  SUBCASE("lists what is set, one per line, in a fixed order") {
    Directives d;
    d.retries = 3;
    d.lock_timeout = Millis(2000);
    d.no_transaction = true;
    d.statement_timeout = Millis(600000);
    CHECK(d.canonical() == "no-transaction\nlock-timeout 2s\nstatement-timeout 10min\nretries 3\n");
  }

  SUBCASE("equal durations written differently give the same text") {
    auto a = parse_directives("-- pgshift:lock-timeout 2000ms\n", "a", 1);
    auto b = parse_directives("-- pgshift:lock-timeout 2 s\n", "b", 1);
    REQUIRE(a.is_ok());
    REQUIRE(b.is_ok());
    CHECK(a->file.canonical() == b->file.canonical());
    CHECK(a->file.canonical() == "lock-timeout 2s\n");
  }

  SUBCASE("different settings give different text") {
    Directives a;
    a.retries = 0;
    Directives b;
    CHECK(a.canonical() != b.canonical());
  }

  SUBCASE("lint-ignore is not part of it: a suppression does not change how a file runs") {
    Directives d;
    d.lint_ignore = {"ban-drop-column"};
    CHECK(d.canonical().empty());
  }
}

TEST_CASE("core::is_known_directive") {
  for (const char* name :
       {"no-transaction", "lock-timeout", "statement-timeout", "retries", "lint-ignore"}) {
    CAPTURE(name);
    CHECK(is_known_directive(name));
  }
  for (const char* name : {"up", "down", "", "foo", "lock_timeout", "No-Transaction"}) {
    CAPTURE(name);
    CHECK_FALSE(is_known_directive(name));
  }
}
