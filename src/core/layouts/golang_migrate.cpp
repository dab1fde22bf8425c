// golang-migrate (docs/file-formats.md#golang-migrate): <version>_<name>.up.sql and
// <version>_<name>.down.sql, paired by version alone (their names may differ, as golang-migrate
// allows). pgshift's own layout reads these files too; a directory of nothing else is named
// golang-migrate.
#include "core/layouts/common.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

extern const Layout pgshift_native;

namespace {

// A name that is not a pair's is pgshift's to judge: golang-migrate's names are a subset of
// pgshift's, and `3_a.up.sql.bak` must be an error in a directory of pairs too.
Result<std::optional<NameMatch>> nearly(std::string_view file) {
  Result<std::optional<NameMatch>> m = pgshift_native.match(file);
  return m ? not_mine() : m;
}

Result<std::optional<NameMatch>> match(std::string_view file) {
  const std::size_t digits = leading_digits(file);
  if (digits == 0 || digits >= file.size() || file[digits] != '_') {
    return nearly(file);
  }
  const std::string_view rest = file.substr(digits + 1);
  for (auto [suffix, part] : {std::pair{std::string_view(".up.sql"), Part::up},
                              std::pair{std::string_view(".down.sql"), Part::down}}) {
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      NameMatch m;
      m.raw_version = std::string(file.substr(0, digits));
      m.version = canonical_version(m.raw_version);
      m.name = std::string(rest.substr(0, rest.size() - suffix.size()));
      m.part = part;
      return mine(std::move(m));
    }
  }
  return nearly(file);
}

Result<MigrationSource> read(Entry e) {
  return read_whole_file(e, "its .down.sql file");
}

}  // namespace

extern const Layout golang_migrate;
const Layout golang_migrate{"golang-migrate",
                            "<version>_<name>.up.sql and <version>_<name>.down.sql", match, nullptr,
                            read};

}  // namespace pgshift::core::layouts
