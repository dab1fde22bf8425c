// goose (docs/file-formats.md#goose): <version>_<name>.sql with `-- +goose Up` and
// `-- +goose Down` sections, `-- +goose StatementBegin` / `StatementEnd` blocks and
// `-- +goose NO TRANSACTION`. Annotations are read as goose reads them: case-insensitive, on a
// line that starts with `--` and contains `+goose`, which must not be indented.
#include <cctype>

#include "core/layouts/common.hpp"
#include "core/layouts/sectioned.hpp"
#include "core/lines.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

namespace {

constexpr std::string_view k_expected = "expected <version>_<name>.sql with a numeric <version>";
constexpr std::string_view k_tag = "+goose";

Result<std::optional<NameMatch>> match(std::string_view file) {
  if (file.empty() || file.front() == '.') {
    return not_mine();
  }
  const std::size_t digits = leading_digits(file);
  const bool starts_like = digits > 0 && digits < file.size() && file[digits] == '_';
  if (starts_like && file.ends_with(".go")) {
    return Status::error(Code::invalid_input,
                         "goose Go migrations are not supported: pgshift runs SQL migrations");
  }
  if (!iends_with(file, ".sql")) {
    return not_mine();
  }
  if (!file.ends_with(".sql")) {
    return malformed("the extension must be \".sql\"", k_expected);
  }
  if (!starts_like) {
    return malformed("it does not start with a version and \"_\"", k_expected);
  }
  const std::string_view name = file.substr(digits + 1, file.size() - digits - 1 - 4);
  if (name.empty()) {
    return malformed("the name after the version is empty", k_expected);
  }
  NameMatch m;
  m.raw_version = std::string(file.substr(0, digits));
  m.version = canonical_version(m.raw_version);
  m.name = std::string(name);
  m.part = Part::both;
  m.sniff = true;
  return mine(std::move(m));
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool is_annotation(std::string_view line) {
  return detail::trim(line).substr(0, 2) == "--" && line.find(k_tag) != std::string_view::npos;
}

LineMark classify(std::string_view line) {
  LineMark m;
  if (!is_annotation(line)) {
    return m;
  }
  const std::size_t tag = line.find(k_tag);
  auto fail = [&](std::size_t at, std::string message) {
    m.error = std::move(message);
    m.error_offset = at;
    return m;
  };
  if (line.front() == ' ' || line.front() == '\t') {
    return fail(0, "a goose annotation must start at the beginning of the line");
  }
  // As goose does: drop every "--" and the first "+goose"; what remains is the annotation.
  std::string cmd(line.substr(0, tag));
  for (std::size_t at = cmd.find("--"); at != std::string::npos; at = cmd.find("--")) {
    cmd.erase(at, 2);
  }
  std::string rest(line.substr(tag + k_tag.size()));
  if (std::size_t again = rest.find(k_tag); again != std::string::npos) {
    return fail(tag + k_tag.size() + again, "more than one \"+goose\" on the line");
  }
  for (std::size_t at = rest.find("--"); at != std::string::npos; at = rest.find("--")) {
    rest.erase(at, 2);
  }
  const std::string text = std::string(detail::trim(cmd + rest));
  const std::size_t text_at = line.find_first_not_of(" \t\r", tag + k_tag.size());
  const std::size_t where = text_at == std::string_view::npos ? tag : text_at;
  struct Known {
    std::string_view name;
    Mark mark;
  };
  static constexpr Known k_known[] = {
      {"Up", Mark::up},
      {"Down", Mark::down},
      {"StatementBegin", Mark::block_begin},
      {"StatementEnd", Mark::block_end},
      {"NO TRANSACTION", Mark::no_transaction},
      {"ENVSUB OFF", Mark::ignored},
  };
  if (text.empty()) {
    return fail(tag,
                "empty goose annotation (known: Up, Down, StatementBegin, StatementEnd, "
                "NO TRANSACTION)");
  }
  for (const Known& k : k_known) {
    if (iequals(text, k.name)) {
      m.mark = k.mark;
      m.offset = 0;
      return m;
    }
  }
  if (iequals(text, "ENVSUB ON")) {
    return fail(where,
                "\"-- +goose ENVSUB ON\" is not supported: pgshift runs the SQL as written, "
                "without substituting environment variables");
  }
  return fail(where, "unknown goose annotation \"" + text +
                         "\" (known: Up, Down, StatementBegin, StatementEnd, NO TRANSACTION, "
                         "ENVSUB OFF)");
}

constexpr Markers k_markers{"-- +goose Up",
                            "-- +goose Down",
                            "-- +goose StatementBegin",
                            "-- +goose StatementEnd",
                            "goose migration",
                            classify,
                            true};

bool claims(const std::string&, std::string_view text) {
  return any_line(text, k_tag, is_annotation);
}

Result<MigrationSource> read(Entry e) {
  return read_sectioned(e, k_markers, "a -- +goose Down section");
}

}  // namespace

extern const Layout goose;
const Layout goose{"goose", "<version>_<name>.sql with -- +goose Up and -- +goose Down sections",
                   match, claims, read};

}  // namespace pgshift::core::layouts
