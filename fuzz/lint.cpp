// Fuzz target: the lint engine (every rule of the registry, facts, severities, lint-ignore) on
// arbitrary SQL.
//
// Input: the text of a section, linted alone. Its first byte picks the settings: an old
// target version, --standalone, and facts that make table "t" big. Property: every finding
// points inside the file, names a rule and has a one-line message.
#include <algorithm>

#include "core/directives.hpp"
#include "fuzz.hpp"
#include "lint/linter.hpp"

using namespace pgshift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::k_max_input) {
    return -1;
  }
  const std::uint8_t knobs = size > 0 ? data[0] : 0;
  core::Section section;
  section.path = "m.sql";
  section.text = fuzz::text_of(data, size);
  if (!fuzz::parser_input(section.text)) {
    return -1;
  }
  auto d = core::parse_directives(section.text, section.path, 1);
  if (!d) {
    return 0;  // discovery refuses the file before the linter sees it
  }
  section.directives = std::move(d).value();
  auto file = lint::parse_file(section);
  if (!file) {
    fuzz::expect_one_line_error(file.status().message());
    return 0;
  }
  lint::Config config;
  if (knobs & 1) {
    config.pg_version = 90600;
  }
  config.standalone = (knobs & 2) != 0;
  if (knobs & 4) {
    config.statement_timeout = Millis(1000);
  }
  lint::Facts facts;
  if (knobs & 8) {
    facts.server_version_num = 150004;
    lint::TableFacts big;
    big.rows = 50'000'000;
    facts.tables["public.t"] = big;
  }
  std::vector<lint::File> run;
  run.push_back(std::move(file).value());
  const int lines =
      1 + static_cast<int>(std::count(section.text.begin(), section.text.end(), '\n'));
  for (const auto& f : lint::lint(run, config, facts)) {
    fuzz::expect(!f.rule.empty(), "a finding names its rule");
    fuzz::expect(f.path == "m.sql", "a finding names the file", f.path);
    fuzz::expect(f.line >= 1 && f.line <= lines && f.column >= 1,
                 "a finding points inside the file", f.rule + " at line " + std::to_string(f.line));
    fuzz::expect(!f.message.empty() && f.message.find('\n') == std::string::npos,
                 "a finding's message is one line", f.message);
  }
  return 0;
}
