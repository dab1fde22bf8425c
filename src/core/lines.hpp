// Line scanning shared by directives and single-file splitting (private to src/core).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace pgshift::core::detail {

struct Line {
  std::string_view text;   // without its '\n' (a '\r' before it is kept)
  std::size_t offset = 0;  // byte offset of the line in the scanned text
};

// Lines of `text`; a final '\n' does not start another line.
std::vector<Line> split_lines(std::string_view text);

// Without leading and trailing spaces, tabs, '\r', '\n', '\f' and '\v'.
std::string_view trim(std::string_view s);

// A `-- pgshift:<name> [args]` line. Offsets are bytes from the start of the line.
struct DirectiveLine {
  std::string_view name;  // as written, possibly malformed ("lock_timeout", "")
  std::string_view args;  // trimmed, empty when none
  std::size_t dash_offset = 0;
  std::size_t name_offset = 0;
  std::size_t args_offset = 0;
};

// Matches `^\s*--\s*pgshift:(\S*)(\s+(.*))?$`. Any name is returned so that a misspelled
// directive is reported instead of being read as an ordinary comment.
std::optional<DirectiveLine> match_directive(std::string_view line);

enum class LineKind { blank, comment, statement };

// blank: only whitespace. comment: a `--` comment, or a `/* ... */` comment that closes on the
// same line with nothing but whitespace or a `--` comment after it. Anything else counts as
// SQL, including a block comment spanning several lines: this line-based view does not track
// comments or quotes across lines, which keeps the "top of the section" rule predictable.
LineKind classify_line(std::string_view line);

}  // namespace pgshift::core::detail
