// The fixture runner: every directory tests/lint/<rule-id>/ holds *_ok.sql files, on which the
// rule must report nothing, and *_err.sql files, whose findings of that rule must render
// exactly as <name>_err.expected (the text reporter, path relative to the directory).
// PGSHIFT_LINT_BLESS=1 rewrites the .expected files from the current output; read the diff.
//
// A fixture <case>_err.sql or <case>_ok.sql may have a <case>_err.before.sql next to it: an
// earlier file of the same run, whose own findings are not counted.
//
// A fixture's first line may set its context (docs/lint/AUTHORING.md):
//   -- lint-fixture: pg-version=100000 standalone small-table-rows=1000
//                    created-before=users,app.orders rows:events=48000000 bytes:events=5e9
//                    statement-timeout=10min ([ddl] statement_timeout)
//                    index:users_email_idx=users (the target's index users_email_idx is on users)
//                    absent=jobs,app.jobs_idx (the target has no relation of these names)
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/directives.hpp"
#include "core/duration.hpp"
#include "lint/linter.hpp"
#include "lint/registry.hpp"
#include "lint/report.hpp"

namespace pgshift::lint {
namespace {

namespace fs = std::filesystem;

fs::path source_dir() {
  const char* dir = std::getenv("PGSHIFT_SOURCE_DIR");
  return dir != nullptr ? fs::path(dir) : fs::current_path();
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool blessing() {
  const char* b = std::getenv("PGSHIFT_LINT_BLESS");
  return b != nullptr && std::string(b) == "1";
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) {
    if (!part.empty()) {
      out.push_back(part);
    }
  }
  return out;
}

std::string table_key(const std::string& name) {
  return name.find('.') == std::string::npos ? "public." + name : name;
}

struct FixtureContext {
  Config config;
  Facts facts;
  std::vector<std::string> created_before;
};

// Reads the `-- lint-fixture:` first line, if any.
FixtureContext context_of(const std::string& text) {
  FixtureContext c;
  const std::string marker = "-- lint-fixture:";
  if (text.rfind(marker, 0) != 0) {
    return c;
  }
  std::istringstream words(text.substr(marker.size(), text.find('\n') - marker.size()));
  for (std::string w; words >> w;) {
    const auto eq = w.find('=');
    const std::string key = w.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : w.substr(eq + 1);
    if (key == "standalone") {
      c.config.standalone = true;
    } else if (key == "pg-version") {
      c.config.pg_version = std::stoi(value);
    } else if (key == "small-table-rows") {
      c.config.small_table_rows = std::stoll(value);
    } else if (key == "statement-timeout") {
      Result<Millis> d = core::parse_duration(value);
      REQUIRE_MESSAGE(d.is_ok(), d.status().message());
      c.config.statement_timeout = d.value();
    } else if (key == "created-before") {
      c.created_before = split(value, ',');
    } else if (key.rfind("rows:", 0) == 0) {
      c.facts.tables[table_key(key.substr(5))].rows = std::stod(value);
    } else if (key == "absent") {
      for (const std::string& name : split(value, ',')) {
        c.facts.absent.insert(table_key(name));
      }
    } else if (key.rfind("index:", 0) == 0) {
      const std::string table = table_key(value);
      const auto dot = table.find('.');
      c.facts.indexes[table_key(key.substr(6))] = TableRef{
          table.substr(0, dot) == "public" ? "" : table.substr(0, dot), table.substr(dot + 1)};
    } else if (key.rfind("bytes:", 0) == 0) {
      c.facts.tables[table_key(key.substr(6))].bytes = static_cast<std::int64_t>(std::stod(value));
    } else {
      FAIL("unknown lint-fixture setting \"" << w << "\"");
    }
  }
  return c;
}

core::Section section_of(const std::string& path, const std::string& text) {
  core::Section s;
  s.path = path;
  s.text = text;
  s.first_line = 1;
  Result<core::SectionDirectives> d = core::parse_directives(text, path, 1);
  REQUIRE_MESSAGE(d.is_ok(), d.status().message());
  s.directives = std::move(d).value();
  return s;
}

// The findings of `rule` in the fixture, rendered as text.
std::string run_fixture(const std::string& rule, const fs::path& file) {
  const std::string text = read(file);
  FixtureContext ctx = context_of(text);
  // Tables "created by an earlier file of the run" come from a file that creates them.
  std::string earlier_sql;
  for (const std::string& t : ctx.created_before) {
    earlier_sql += "CREATE TABLE " + t + " ();\n";
  }
  fs::path before_path = file;
  before_path.replace_extension(".before.sql");
  const core::Section earlier = section_of("earlier.sql", earlier_sql);
  const core::Section before =
      section_of("earlier.sql", fs::exists(before_path) ? read(before_path) : "");
  const core::Section section = section_of(file.filename().string(), text);
  std::vector<File> run;
  for (const core::Section* e : {&earlier, &before}) {
    if (e->text.empty()) {
      continue;
    }
    Result<File> parsed = parse_file(*e);
    REQUIRE_MESSAGE(parsed.is_ok(), parsed.status().message());
    run.push_back(std::move(parsed).value());
  }
  Result<File> f = parse_file(section);
  REQUIRE_MESSAGE(f.is_ok(), f.status().message());
  run.push_back(std::move(f).value());

  std::vector<Finding> findings = lint(run, ctx.config, ctx.facts);
  std::erase_if(findings,
                [&](const Finding& x) { return x.rule != rule || x.path == "earlier.sql"; });
  return render_text(findings);
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

TEST_CASE("lint::fixtures") {
  const fs::path root = source_dir() / "tests" / "lint";
  REQUIRE(fs::is_directory(root));
  int fixtures = 0;
  for (const fs::path& dir : sorted_entries(root)) {
    if (!fs::is_directory(dir)) {
      continue;
    }
    const std::string rule = dir.filename().string();
    CHECK_MESSAGE(
        find_rule(rule) != nullptr,
        "tests/lint/" << rule << "/ names no rule of the registry (src/lint/registry.cpp)");
    for (const fs::path& file : sorted_entries(dir)) {
      const std::string name = file.filename().string();
      if (!ends_with(name, ".sql") || ends_with(name, ".before.sql")) {
        continue;
      }
      INFO("fixture tests/lint/" << rule << "/" << name);
      ++fixtures;
      const std::string got = run_fixture(rule, file);
      if (ends_with(name, "_ok.sql")) {
        CHECK_MESSAGE(got.empty(), "an _ok fixture must report nothing for its rule, got:\n"
                                       << got);
      } else if (ends_with(name, "_err.sql")) {
        CHECK_MESSAGE(!got.empty(), "an _err fixture must report its rule at least once");
        fs::path expected = file;
        expected.replace_extension(".expected");
        if (blessing()) {
          std::ofstream(expected, std::ios::binary) << got;
        } else {
          REQUIRE_MESSAGE(fs::exists(expected),
                          expected.filename().string()
                              << " is missing (PGSHIFT_LINT_BLESS=1 writes it)");
          CHECK(got == read(expected));
        }
      } else {
        FAIL("fixture names end in _ok.sql or _err.sql");
      }
    }
  }
  CHECK(fixtures > 0);
}

TEST_CASE("lint::registry: every rule has fixtures and a docs page") {
  const fs::path root = source_dir();
  std::string previous;
  for (const Rule* rule : all_rules()) {
    const std::string id(rule->id);
    INFO("rule " << id);
    CHECK_MESSAGE(previous < id, "registry.cpp lists the rules in id order");
    previous = id;
    CHECK(!rule->summary.empty());
    CHECK(static_cast<bool>(rule->check));
    const fs::path dir = root / "tests" / "lint" / id;
    bool ok = false;
    bool err = false;
    if (fs::is_directory(dir)) {
      for (const fs::path& f : sorted_entries(dir)) {
        ok = ok || ends_with(f.filename().string(), "_ok.sql");
        err = err || ends_with(f.filename().string(), "_err.sql");
      }
    }
    CHECK_MESSAGE(ok, "tests/lint/" << id << "/ needs at least one *_ok.sql");
    CHECK_MESSAGE(err, "tests/lint/" << id << "/ needs at least one *_err.sql");
    CHECK_MESSAGE(fs::exists(root / "docs" / "lint" / (id + ".md")),
                  "docs/lint/" << id << ".md is missing");
  }
}

}  // namespace
}  // namespace pgshift::lint
