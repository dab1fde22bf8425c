// Files that hold both sections between marker lines: pgshift's single files, goose, dbmate
// and sql-migrate. Each layout says what its annotation lines are; this splits the file and
// enforces the rules the four share: one up marker, at most one down marker after it, only
// blank lines and comments above the up marker, statement blocks opened and closed inside one
// section. Errors below the down marker (a bad directive, an unknown annotation, an unclosed
// block) only make the down SQL unusable (MigrationSource::down_error).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/layout.hpp"

namespace pgshift::core::layouts {

enum class Mark {
  none,            // an ordinary line
  up,              // starts the up section
  down,            // starts the down section
  block_begin,     // StatementBegin
  block_end,       // StatementEnd
  no_transaction,  // the whole file runs outside a transaction (goose NO TRANSACTION)
  ignored,         // an annotation that changes nothing for pgshift (goose ENVSUB OFF)
};

struct LineMark {
  Mark mark = Mark::none;
  bool no_transaction = false;   // up/down: that section runs outside a transaction
  std::size_t offset = 0;        // byte of the line where the annotation starts
  std::string error;             // non-empty: a malformed or unsupported annotation
  std::size_t error_offset = 0;  // byte of the line the error points at
};

struct Markers {
  // Spelled as in messages: "-- +goose Up", "-- +goose StatementBegin" (empty: no blocks).
  std::string_view up, down, begin, end;
  std::string_view what;  // "goose migration": who puts its SQL below the up marker
  LineMark (*classify)(std::string_view line) = nullptr;
  // The tool reverts a file without a down marker as a migration with nothing to do (goose
  // and sql-migrate do; pgshift and dbmate do not: for them it cannot be reverted).
  bool no_down_is_empty = false;
};

struct Sections {
  Section up;
  std::optional<Section> down;
  Status down_error;
};

// Splits `text` (the content of `path`) into its sections and parses their directives.
Result<Sections> split_sections(std::string_view text, const std::string& path, const Markers& m);

// read_sectioned: a Layout::read for such files (form single).
Result<MigrationSource> read_sectioned(Entry& e, const Markers& m, std::string down_hint);

}  // namespace pgshift::core::layouts
