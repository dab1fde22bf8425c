// sql-migrate (docs/file-formats.md#sql-migrate): <version><anything>.sql with
// `-- +migrate Up` and `-- +migrate Down` sections (each optionally `notransaction`) and
// `-- +migrate StatementBegin` / `StatementEnd` blocks. As sql-migrate reads them, annotations
// start their line and their words are case-sensitive.
#include <vector>

#include "core/layouts/common.hpp"
#include "core/layouts/sectioned.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

namespace {

constexpr std::string_view k_expected = "expected <version>_<name>.sql with a numeric <version>";
constexpr std::string_view k_tag = "-- +migrate";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

Result<std::optional<NameMatch>> match(std::string_view file) {
  if (file.empty() || file.front() == '.' || !iends_with(file, ".sql")) {
    return not_mine();
  }
  if (!file.ends_with(".sql")) {
    return malformed("the extension must be \".sql\"", k_expected);
  }
  const std::size_t digits = leading_digits(file);
  if (digits == 0) {
    return malformed("it does not start with a version", k_expected);
  }
  std::string_view name = file.substr(digits, file.size() - digits - 4);
  if (!name.empty() && name.front() == '_') {
    name.remove_prefix(1);
  }
  NameMatch m;
  m.raw_version = std::string(file.substr(0, digits));
  m.version = canonical_version(m.raw_version);
  m.name = std::string(name);
  m.part = Part::both;
  m.sniff = true;
  return mine(std::move(m));
}

bool is_annotation(std::string_view line) {
  return line.substr(0, k_tag.size()) == k_tag;
}

LineMark classify(std::string_view line) {
  LineMark m;
  if (!is_annotation(line)) {
    return m;
  }
  std::vector<std::pair<std::string_view, std::size_t>> words;  // word, offset
  for (std::size_t i = k_tag.size(); i < line.size();) {
    while (i < line.size() && is_space(line[i])) {
      ++i;
    }
    std::size_t j = i;
    while (j < line.size() && !is_space(line[j])) {
      ++j;
    }
    if (j > i) {
      words.emplace_back(line.substr(i, j - i), i);
    }
    i = j;
  }
  auto fail = [&](std::size_t at, std::string message) {
    m.error = std::move(message);
    m.error_offset = at;
    return m;
  };
  if (line.size() > k_tag.size() && !is_space(line[k_tag.size()])) {
    std::size_t end = k_tag.size();
    while (end < line.size() && !is_space(line[end])) {
      ++end;
    }
    return fail(3, "unknown sql-migrate annotation \"" + std::string(line.substr(3, end - 3)) +
                       "\" (known: +migrate Up, Down, StatementBegin, StatementEnd)");
  }
  if (words.empty()) {
    return fail(0, "incomplete sql-migrate annotation: write -- +migrate Up or -- +migrate Down");
  }
  const auto [cmd, at] = words.front();
  if (cmd == "Up" || cmd == "Down") {
    m.mark = cmd == "Up" ? Mark::up : Mark::down;
  } else if (cmd == "StatementBegin" || cmd == "StatementEnd") {
    m.mark = cmd == "StatementBegin" ? Mark::block_begin : Mark::block_end;
  } else {
    return fail(at, "unknown sql-migrate annotation \"" + std::string(cmd) +
                        "\" (known: Up, Down, StatementBegin, StatementEnd)");
  }
  for (std::size_t w = 1; w < words.size(); ++w) {
    const auto [option, oat] = words[w];
    if (option == "notransaction" && (m.mark == Mark::up || m.mark == Mark::down)) {
      m.no_transaction = true;
    } else {
      return fail(oat, "unknown option \"" + std::string(option) + "\" of \"-- +migrate " +
                           std::string(cmd) + "\"" +
                           (m.mark == Mark::up || m.mark == Mark::down ? " (known: notransaction)"
                                                                       : " (it takes none)"));
    }
  }
  return m;
}

constexpr Markers k_markers{"-- +migrate Up",
                            "-- +migrate Down",
                            "-- +migrate StatementBegin",
                            "-- +migrate StatementEnd",
                            "sql-migrate migration",
                            classify,
                            true};

bool claims(const std::string&, std::string_view text) {
  return any_line(text, k_tag, is_annotation);
}

Result<MigrationSource> read(Entry e) {
  return read_sectioned(e, k_markers, "a -- +migrate Down section");
}

}  // namespace

extern const Layout sql_migrate;
const Layout sql_migrate{"sql-migrate",
                         "<version>_<name>.sql with -- +migrate Up and -- +migrate Down sections",
                         match, claims, read};

}  // namespace pgshift::core::layouts
