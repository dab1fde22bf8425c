// The migration files of a directory as read by a layout (core/layout.hpp): sections of SQL
// with their directives, or an operations file, per version.
#pragma once

#include <optional>
#include <string>

#include "core/directives.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

// pair: the down SQL, if any, is a file of its own (golang-migrate, Flyway, folders);
// single: one file holds both sections (pgshift, goose, dbmate, sql-migrate);
// operations: a .toml operations file.
enum class FileForm { pair, single, operations };

enum class Direction { up, down };

// One section of SQL: the whole of an up or down file, or the part of a file between its
// markers.
struct Section {
  std::string path;    // file it comes from, as found (dir joined with file name)
  std::string text;    // the SQL, markers excluded, directives included
  int first_line = 1;  // line of `path` on which `text` begins
  SectionDirectives directives;
};

struct MigrationSource {
  // Canonical version (core/version.hpp); a repeatable migration's key "R__<description>".
  std::string version;
  std::string name;  // the name part of the (up) file name, as written
  FileForm form = FileForm::pair;
  std::string path;             // the up file, the single file or the .toml file
  std::string down_path;        // pair form: the down file if present
  std::optional<Section> up;    // absent only for operations files
  std::optional<Section> down;  // absent when there is no down SQL
  // The down SQL exists but cannot be used (unreadable, a bad directive or annotation in it):
  // only `down` (when it reaches this migration) and `validate` refuse for it.
  Status down_error;
  std::string toml_text;    // operations files: the raw TOML (already parsed once)
  bool repeatable = false;  // Flyway R__: runs again whenever its checksum changes
  // How to give this migration down SQL in its layout ("its .down.sql file"), for messages.
  std::string down_hint;

  const Section* section(Direction d) const {
    return d == Direction::up ? (up ? &*up : nullptr) : (down ? &*down : nullptr);
  }
};

}  // namespace pgshift::core
