// Layouts: the ways migration tools name and write their files (docs/file-formats.md). Each
// layout is one file src/core/layouts/<id>.cpp defining one `const Layout`, listed by one line
// of src/core/layouts/registry.cpp, with its tests in tests/core/layouts/ and its section of
// docs/file-formats.md. Discovery (core/discovery.hpp) lists a directory, asks every layout
// what each entry is by its name (and, where names are shared, by its content), picks the one
// layout that reads every entry, and has it read each one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/source.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

// What one directory entry holds, as its name says.
enum class Part {
  up,          // the up SQL of a version; its down SQL, if any, is another entry
  down,        // the down SQL of a version
  both,        // up and (optional) down sections in one file, or one folder
  operations,  // a pgshift operations file (.toml)
  repeatable,  // up SQL that runs again whenever its checksum changes (Flyway R__)
  other,       // a file the tool keeps next to its migrations (Prisma's migration_lock.toml)
};

struct NameMatch {
  std::string version;      // canonical (core/version.hpp); a repeatable's "R__<description>"
  std::string raw_version;  // as written ("0002", "1_1")
  std::string name;         // the name or description, as written
  Part part = Part::up;
  bool folder = false;  // the entry must be a directory (else a regular file)
  // Other layouts name their files the same way (<version>_<name>.sql): the content decides
  // (Layout::claims) whether the file is this layout's.
  bool sniff = false;
};

// One directory entry handed to a layout's reader.
struct Entry {
  std::string path;  // the directory joined with the entry's name
  NameMatch match;   // what the layout's `match` said about the name
  std::string text;  // a file's content (BOM dropped, UTF-8 checked); empty for a folder
};

struct Layout {
  std::string_view id;       // "goose": shown by status, written in `layout =` / --layout
  std::string_view summary;  // one line for listings: "<version>_<name>.sql with -- +goose Up"
  // What the entry named `name` is. nullopt: none of this layout's names (ignored, or another
  // layout's). Error (invalid_input, a message without the path): it nearly is one ("V1_x.sql"
  // for Flyway), or it is a kind of file this layout's tool has that pgshift cannot run.
  Result<std::optional<NameMatch>> (*match)(std::string_view name) = nullptr;
  // For names with NameMatch::sniff: whether the entry carries this layout's annotations.
  // `text` is the file's content; for a folder it is empty and `path` is the folder.
  bool (*claims)(const std::string& path, std::string_view text) = nullptr;
  // Reads one entry into the parts of its migration: form, path and the sections (an up file
  // gives `up`, a down file `down` and `down_path`, a file or folder with both gives both).
  // The reader also says how to add down SQL (down_hint); discovery fills version, name and
  // repeatable. Errors name the file, with line and column; trouble confined to the down SQL
  // goes to MigrationSource::down_error instead.
  Result<MigrationSource> (*read)(Entry entry) = nullptr;
};

// Every layout, in the order detection prefers them when several read a whole directory.
std::span<const Layout* const> all_layouts();
// The layout with that id, or nullptr.
const Layout* find_layout(std::string_view id);
// "golang-migrate, pgshift, goose, ..." for messages.
std::string layout_ids();

// Reads a migration file: BOM dropped, UTF-8 and NUL checked (errors name the file). For
// readers that open files themselves (a folder's migration.sql).
Result<std::string> read_migration_file(const std::string& path);

}  // namespace pgshift::core
