// The PostgreSQL scanner's token stream for a piece of SQL, with byte extents that can be
// trusted (libpg_query 15-4.0.0 reports wrong ends for U&'...' and U&"..." tokens), sorted
// into the few classes the normalized checksum and the statement splitter care about.
// Private to src/sql: callers outside use parse.hpp and checksum.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/discovery.hpp"
#include "core/position.hpp"
#include "pgshift/status.hpp"

namespace pgshift::sql::detail {

enum class TokenClass {
  comment,       // -- ... and /* ... */: never part of a checksum
  word,          // keyword or unquoted identifier: PostgreSQL folds their case
  quoted_ident,  // "Name", U&"..." : case counts
  string,        // '...', E'...', $tag$...$tag$, B'...', X'...', U&'...'
  number,        // 42, 1.5e3
  param,         // $1
  other,         // operators and punctuation: ; , ( ) :: <> ...
};

struct Token {
  std::size_t start = 0;  // byte offsets into the scanned text, [start, end)
  std::size_t end = 0;
  TokenClass cls = TokenClass::other;
  int kind = 0;  // the scanner's token number (PgQuery__Token), e.g. 59 for ';'
};

// Where and why the scanner gave up.
struct ScanError {
  std::string message;     // libpg_query's message, e.g. unterminated quoted string at or near "'a"
  std::size_t offset = 0;  // byte offset into the scanned text
};

struct ScanOutput {
  std::vector<Token> tokens;
  std::optional<ScanError> error;
};

// Scans `sql`. A NUL byte is an error (libpg_query reads C strings and would silently stop
// there, hiding everything after it from the checksum).
ScanOutput scan(std::string_view sql);

// Where `sql` may be cut into pieces that scan apart as they scan together: just after each
// top-level `;` (the scanner's statement ends), in increasing order. The scanner alone cannot
// see the end of a BEGIN ATOMIC body, so a cut may fall inside one: a piece parsed alone then
// ends before its statement does (parse.cpp joins it to the next). Unlike scan() it keeps no
// tokens, so it costs little memory on a file of any size. Error: as for scan().
struct Cuts {
  std::vector<std::size_t> offsets;
  std::optional<ScanError> error;
};
Cuts statement_cuts(const std::string& sql);

// The canonical text of one token, as hashed by the normalized checksum: words lowercased
// (ASCII only, as PostgreSQL folds identifiers in UTF-8), the case-insensitive prefixes of
// strings and U& identifiers lowercased, \r\n line endings inside a token turned into \n, and a
// string continued over lines ('a'<newline>'b') written with a single newline between its
// pieces. Everything else exactly as written.
std::string canonical_text(std::string_view sql, const Token& token);

// Byte offset of libpg_query's error cursor (1-based, counted in characters) in `text`;
// 0 when the cursor is unknown (<= 0); clamped to the end of the text.
std::size_t byte_offset_of_cursor(std::string_view text, int cursorpos);

// Offset of the first NUL byte, if any.
std::optional<std::size_t> find_nul(std::string_view text);

// Position in the FILE of byte `offset` of `section.text` (the section starts on line
// section.first_line; columns count characters). The second form looks it up in `index`, an
// index of section.text, for callers that need many positions.
core::Position file_position(const core::Section& section, std::size_t offset);
core::Position file_position(const core::Section& section, const core::PositionIndex& index,
                             std::size_t offset);

// invalid_input "path:line:col: message" for byte `offset` of `section.text`.
Status section_error(const core::Section& section, std::size_t offset, const std::string& message);

}  // namespace pgshift::sql::detail
