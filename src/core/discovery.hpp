// Discovery: finds migration files in a directory, in version order (DESIGN §2).
//
//   pair        <version>_<name>.up.sql + <version>_<name>.down.sql (down optional)
//   single      <version>_<name>.sql with `-- pgshift:up` / `-- pgshift:down` markers
//   operations  <version>_<name>.toml (validated as TOML here; run by the operations module)
//
// Files whose names do not look like migrations at all (README.md, .gitkeep, a sub-folder) are
// ignored; a file that looks like one but is malformed (`1_Bad-Name.up.sql`, `x_y.sql`,
// `3_a.up.sql.bak`) is an error so that a typo never silently skips a migration.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/directives.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

enum class FileForm { pair, single, operations };
const char* form_name(FileForm f);  // "pair", "single", "operations"

enum class Direction { up, down };

// One section of SQL: the whole of an .up.sql/.down.sql file, or the part of a single file
// between its markers.
struct Section {
  std::string path;    // file it comes from, as found (dir joined with file name)
  std::string text;    // the SQL, markers excluded, directives included
  int first_line = 1;  // line of `path` on which `text` begins
  SectionDirectives directives;
};

struct MigrationSource {
  std::string version;  // canonical (leading zeros stripped)
  std::string name;     // [a-z0-9_]+
  FileForm form = FileForm::pair;
  std::string path;             // the up file, the single file or the .toml file
  std::string down_path;        // pair form: the down file if present
  std::optional<Section> up;    // absent only for operations files
  std::optional<Section> down;  // absent when there is no down SQL
  std::string toml_text;        // operations files: the raw TOML (already parsed once)

  const Section* section(Direction d) const {
    return d == Direction::up ? (up ? &*up : nullptr) : (down ? &*down : nullptr);
  }
};

struct ParsedName {
  std::string version;  // canonical
  std::string raw_version;
  std::string name;
  FileForm form = FileForm::pair;
  std::optional<Direction> direction;  // pair form: which half
};

// Parses a file name (no directory). nullopt: not a migration-looking name at all (ignored).
// Error: looks like a migration but is malformed; the message says what is wrong.
Result<std::optional<ParsedName>> parse_file_name(std::string_view file_name);

// Reads and checks every migration file in `dir`, sorted by version. Errors (invalid_input,
// naming the file, and line/column when inside it): missing directory, duplicate version,
// malformed name, a down file without its up file, non-UTF-8 content, a single file without an
// `-- pgshift:up` marker or with statements before it, markers repeated, unknown or misplaced
// directives, a .toml file that is not valid TOML.
// Does not parse SQL (src/sql does that).
Result<std::vector<MigrationSource>> discover(const std::string& dir);

// Reads one SQL file named on the command line (pgshift lint PATH): a single-form migration's
// up section, else the whole file as one section with its directives (a pair's .up.sql or
// .down.sql, or any .sql file written for another runner). nullopt for an operations (.toml)
// file. Errors as for discover: unreadable, not UTF-8, bad directives or markers.
Result<std::optional<Section>> read_sql_file(const std::string& path);

// Splits the text of a single-form file into its up and down sections (down absent when the
// file has no `-- pgshift:down` marker). Exposed for tests.
Result<std::pair<Section, std::optional<Section>>> split_single(std::string_view text,
                                                                const std::string& path);

}  // namespace pgshift::core
