// dbmate (docs/file-formats.md#dbmate): <version><anything>.sql with `-- migrate:up` and
// `-- migrate:down` sections, each optionally `transaction:false`. As dbmate reads them, the
// markers start their line (`--`, optional whitespace, `migrate:`).
#include "core/layouts/common.hpp"
#include "core/layouts/sectioned.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

namespace {

constexpr std::string_view k_expected = "expected <version>_<name>.sql with a numeric <version>";
constexpr std::string_view k_tag = "migrate:";

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

// The offset of "migrate:" when the line is `--\s*migrate:...`, else npos.
std::size_t tag_at(std::string_view line) {
  if (line.substr(0, 2) != "--") {
    return std::string_view::npos;
  }
  std::size_t i = 2;
  while (i < line.size() && is_space(line[i])) {
    ++i;
  }
  return line.substr(i, k_tag.size()) == k_tag ? i : std::string_view::npos;
}

bool is_annotation(std::string_view line) {
  return tag_at(line) != std::string_view::npos;
}

LineMark classify(std::string_view line) {
  LineMark m;
  const std::size_t tag = tag_at(line);
  if (tag == std::string_view::npos) {
    return m;
  }
  std::size_t i = tag + k_tag.size();
  std::size_t end = i;
  while (end < line.size() && !is_space(line[end])) {
    ++end;
  }
  const std::string_view word = line.substr(i, end - i);
  if (word != "up" && word != "down") {
    m.error = "unknown dbmate annotation \"migrate:" + std::string(word) +
              "\" (known: migrate:up, migrate:down)";
    m.error_offset = tag;
    return m;
  }
  m.mark = word == "up" ? Mark::up : Mark::down;
  // Options: whitespace-separated key:value pairs; dbmate knows transaction:false.
  for (i = end; i < line.size();) {
    while (i < line.size() && is_space(line[i])) {
      ++i;
    }
    std::size_t j = i;
    while (j < line.size() && !is_space(line[j])) {
      ++j;
    }
    const std::string_view option = line.substr(i, j - i);
    if (option == "transaction:false") {
      m.no_transaction = true;
    } else if (!option.empty() && option != "transaction:true") {
      m.error = "unknown dbmate option \"" + std::string(option) + "\" (known: transaction:false)";
      m.error_offset = i;
      return m;
    }
    i = j;
  }
  return m;
}

constexpr Markers k_markers{"-- migrate:up",    "-- migrate:down", "", "",
                            "dbmate migration", classify};

bool claims(const std::string&, std::string_view text) {
  return any_line(text, k_tag, is_annotation);
}

Result<MigrationSource> read(Entry e) {
  return read_sectioned(e, k_markers, "a -- migrate:down section");
}

}  // namespace

extern const Layout dbmate;
const Layout dbmate{"dbmate",
                    "<version>_<name>.sql with -- migrate:up and -- migrate:down sections", match,
                    claims, read};

}  // namespace pgshift::core::layouts
