// Discovery: finds the migrations of a directory, in version order (docs/file-formats.md).
//
// The directory is in one layout (core/layout.hpp): pgshift's own (pairs, single files with
// `-- pgshift:up` / `-- pgshift:down`, .toml operations files), golang-migrate, goose, dbmate,
// sql-migrate, Flyway, or one folder per migration. The layout is detected from the entries'
// names (and, for the names several tools share, the annotations in the file), or forced.
//
// Entries whose names are no layout's (README.md, .gitkeep, a sub-folder) are ignored; an entry
// named like a migration that cannot be read as one (`3_a.up.sql.bak`, a directory or a FIFO
// named `2_x.up.sql`, a dangling symbolic link) is an error, so that a typo or an accident
// never silently skips a migration.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/directives.hpp"
#include "core/source.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

struct Discovery {
  std::string layout;  // id of the layout read ("pgshift" for an empty directory)
  std::vector<MigrationSource> migrations;
};

// Reads and checks every migration of `dir`, sorted by version. `layout` is a layout id to
// force, or "" / "auto" to detect it. Errors (invalid_input, naming the file, and line/column
// when inside it): missing directory, unknown layout, entries of two layouts, two up (or two
// down) files of one version, a down file without an up file, a malformed name, an entry that
// is not a regular file (or, for folder layouts, a directory), non-UTF-8 content, misplaced
// markers or annotations, unknown or misplaced directives in up SQL, a .toml file that is not
// valid TOML. Trouble confined to down SQL is kept in MigrationSource::down_error instead.
// Does not parse SQL (src/sql does that).
Result<Discovery> discover_layout(const std::string& dir, std::string_view layout);

// discover_layout with the layout detected.
Result<std::vector<MigrationSource>> discover(const std::string& dir);

struct ParsedName {
  std::string version;  // canonical
  std::string raw_version;
  std::string name;
  FileForm form = FileForm::pair;
  std::optional<Direction> direction;  // pair form: which half
};

// Parses a file name (no directory) of pgshift's own layout. nullopt: not a migration-looking
// name at all (ignored). Error: looks like a migration but is malformed; the message says what
// is wrong.
Result<std::optional<ParsedName>> parse_file_name(std::string_view file_name);

// Reads one SQL file named on the command line (pgshift lint PATH): the up section of a file
// with sections (pgshift, goose, dbmate, sql-migrate), else the whole file as one section with
// its directives (an up or down file, or any .sql file written for another runner). nullopt
// for an operations (.toml) file. Errors as for discover: unreadable, not UTF-8, bad
// directives, markers or annotations.
Result<std::optional<Section>> read_sql_file(const std::string& path);

// Splits the text of a pgshift single-form file into its up and down sections (down absent
// when the file has no `-- pgshift:down` marker). Any error, in either section, is returned.
// Exposed for tests.
Result<std::pair<Section, std::optional<Section>>> split_single(std::string_view text,
                                                                const std::string& path);

}  // namespace pgshift::core
