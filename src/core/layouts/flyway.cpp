// Flyway (docs/file-formats.md#flyway): V<version>__<description>.sql versioned migrations,
// U<version>__<description>.sql undo files (their down SQL) and R__<description>.sql
// repeatable migrations, which run after the versioned ones whenever their checksum changes.
// A version is numbers separated by "." or "_" (V1_1__ is version 1.1); versions compare
// number by number (core/version.hpp).
#include "core/layouts/common.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

namespace {

constexpr std::string_view k_expected =
    "expected V<version>__<description>.sql, U<version>__<description>.sql or "
    "R__<description>.sql, with a <version> of numbers separated by \".\" or \"_\"";

// "1_1" -> "1.1"; nullopt when `v` is not numbers separated by single dots or underscores.
std::optional<std::string> version_of(std::string_view v) {
  std::string out(v);
  for (char& c : out) {
    if (c == '_') {
      c = '.';
    }
  }
  if (!is_version(out)) {
    return std::nullopt;
  }
  return out;
}

bool starts_like(std::string_view file) {
  if (file.size() < 2 || std::string_view("VURB").find(file[0]) == std::string_view::npos) {
    return false;
  }
  return (file[1] >= '0' && file[1] <= '9') || file.substr(1, 2) == "__";
}

Result<std::optional<NameMatch>> match(std::string_view file) {
  if (file.empty() || file.front() == '.') {
    return not_mine();
  }
  if (file.ends_with(".sql.conf") && starts_like(file)) {
    return Status::error(Code::invalid_input,
                         "Flyway script configuration files are not supported: pgshift decides "
                         "from the SQL whether a migration runs in a transaction");
  }
  if (!iends_with(file, ".sql")) {
    return starts_like(file) ? malformed("the extension must be \".sql\"", k_expected) : not_mine();
  }
  if (!file.ends_with(".sql")) {
    return malformed("the extension must be \".sql\"", k_expected);
  }
  const std::string_view stem = file.substr(0, file.size() - 4);
  const std::size_t sep = stem.find("__");
  if (!starts_like(file) || sep == std::string_view::npos) {
    return malformed("it does not start with V<version>__, U<version>__ or R__", k_expected);
  }
  const char prefix = stem[0];
  const std::string_view raw = stem.substr(1, sep - 1);
  const std::string_view description = stem.substr(sep + 2);
  if (prefix == 'B') {
    return Status::error(Code::invalid_input,
                         "Flyway baseline migrations (B<version>__) are not supported: record "
                         "the state of an existing database with pgshift baseline");
  }
  if (description.empty()) {
    return malformed("the description after \"__\" is empty", k_expected);
  }
  NameMatch m;
  m.name = std::string(description);
  if (prefix == 'R') {
    if (!raw.empty()) {
      return malformed("a repeatable migration (R__) has no version", k_expected);
    }
    m.part = Part::repeatable;
    m.version = "R__" + m.name;  // its key in the history (docs/history.md)
    return mine(std::move(m));
  }
  std::optional<std::string> v = version_of(raw);
  if (!v) {
    return malformed("\"" + std::string(raw) + "\" is not a version", k_expected);
  }
  m.raw_version = std::string(raw);
  m.version = canonical_version(*v);
  m.part = prefix == 'V' ? Part::up : Part::down;
  return mine(std::move(m));
}

Result<MigrationSource> read(Entry e) {
  return read_whole_file(e, "an undo file U<version>__<description>.sql");
}

}  // namespace

extern const Layout flyway;
const Layout flyway{"flyway",
                    "V<version>__<description>.sql, U<version>__<description>.sql undo files, "
                    "R__<description>.sql repeatable migrations",
                    match, nullptr, read};

}  // namespace pgshift::core::layouts
