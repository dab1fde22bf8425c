// One folder per migration (docs/file-formats.md#folders): <version>_<name>/migration.sql as
// Prisma writes it, or <version>_<name>/up.sql with an optional down.sql as Diesel writes it
// (its version 2019-01-01-000000 is read without the dashes, as Diesel records it). Other
// files in a migration's folder (Diesel's metadata.toml) are not read; Prisma's
// migration_lock.toml next to the folders is ignored.
#include <filesystem>

#include "core/layouts/common.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_expected =
    "expected a folder <version>_<name>/ holding migration.sql, or up.sql and an optional "
    "down.sql";

Result<std::optional<NameMatch>> match(std::string_view name) {
  if (name == "migration_lock.toml") {
    NameMatch m;
    m.part = Part::other;
    return mine(std::move(m));
  }
  if (name.empty() || name.front() == '.') {
    return not_mine();
  }
  if (iends_with(name, ".sql")) {
    return malformed("a migration is a folder", k_expected);
  }
  std::size_t end = 0;
  while (end < name.size() && ((name[end] >= '0' && name[end] <= '9') || name[end] == '-')) {
    ++end;
  }
  if (end == 0 || name.front() == '-' || end >= name.size() || name[end] != '_' ||
      end + 1 == name.size()) {
    return not_mine();
  }
  NameMatch m;
  m.raw_version = std::string(name.substr(0, end));
  std::string digits;
  for (char c : m.raw_version) {
    if (c != '-') {
      digits += c;
    }
  }
  m.version = canonical_version(digits);
  m.name = std::string(name.substr(end + 1));
  m.part = Part::both;
  m.folder = true;
  m.sniff = true;  // a folder named so that holds no migration file is just a folder
  return mine(std::move(m));
}

// Whether `path` exists; an error when it exists but is not a regular file.
Result<bool> present(const fs::path& path) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (!ec && fs::is_regular_file(st)) {
    return true;
  }
  std::error_code lec;
  if (ec && !fs::exists(fs::symlink_status(path, lec))) {
    return false;
  }
  return Status::error(Code::invalid_input, "\"" + path.string() + "\" is not a regular file");
}

bool claims(const std::string& path, std::string_view) {
  for (const char* f : {"migration.sql", "up.sql", "down.sql"}) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(fs::path(path) / f, ec))) {
      return true;
    }
  }
  return false;
}

Result<MigrationSource> read(Entry e) {
  const fs::path dir(e.path);
  Result<bool> migration = present(dir / "migration.sql");
  Result<bool> up = present(dir / "up.sql");
  Result<bool> down = present(dir / "down.sql");
  for (const Result<bool>* r : {&migration, &up}) {
    if (!*r) {
      return r->status();
    }
  }
  if (*migration && *up) {
    return Status::error(Code::invalid_input,
                         e.path + ": holds both migration.sql and up.sql: keep one");
  }
  if (!*migration && !*up) {
    return Status::error(Code::invalid_input,
                         e.path + ": migration folder without migration.sql or up.sql");
  }
  const std::string up_path = (dir / (*migration ? "migration.sql" : "up.sql")).string();
  Result<std::string> text = read_migration_file(up_path);
  if (!text) {
    return text.status();
  }
  Entry up_entry{up_path, e.match, std::move(*text)};
  up_entry.match.part = Part::up;
  Result<MigrationSource> m = read_whole_file(up_entry, "a down.sql file in its folder");
  if (!m || (down && !*down)) {
    return m;
  }
  const std::string down_path = (dir / "down.sql").string();
  m->down_path = down_path;
  Result<std::string> down_text =
      down ? read_migration_file(down_path) : Result<std::string>(down.status());
  if (!down_text) {
    m->down_error = down_text.status();  // only `down` needs it
    return m;
  }
  Entry down_entry{down_path, e.match, std::move(*down_text)};
  down_entry.match.part = Part::down;
  Result<MigrationSource> d = read_whole_file(down_entry, "");
  if (d) {
    m->down = std::move(d->down);
    m->down_error = std::move(d->down_error);
  }
  return m;
}

}  // namespace

extern const Layout folders;
const Layout folders{
    "folders",
    "<version>_<name>/migration.sql (Prisma), or <version>_<name>/up.sql and down.sql (Diesel)",
    match, claims, read};

}  // namespace pgshift::core::layouts
