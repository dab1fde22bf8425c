// Directives: `-- pgshift:<name> [args]` comment lines that steer how a SQL section runs.
//
// File-level directives sit at the top of a section (before the first statement):
// no-transaction, lock-timeout, statement-timeout, retries, lint-ignore. Statement-level ones
// (lint-ignore) may also stand directly above a statement; `batch [size=N] [sleep=DUR|N%]`
// always stands directly above the UPDATE or DELETE it batches. An unknown directive is an
// error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/position.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift::core {

struct Directives {
  bool no_transaction = false;
  std::optional<Millis> lock_timeout;
  std::optional<Millis> statement_timeout;
  std::optional<int> retries;
  std::vector<std::string> lint_ignore;  // rule ids, in the order written

  // A stable one-line-per-directive text of what is set ("no-transaction\nlock-timeout 2s\n"),
  // hashed into the normalized checksum so that changing how a file runs changes it. Fixed
  // order, durations in format_duration's spelling (2000ms and 2s are the same text), empty
  // when nothing is set. lint-ignore is left out: it changes what the linter says, not how the
  // file runs, so adding a suppression to an applied migration is not drift.
  std::string canonical() const;
};

// A directive written below the first statement, kept with its position for later checks.
struct InlineDirective {
  std::string name;                   // "lint-ignore"
  std::string args;                   // raw argument text
  int line = 0;                       // line in the file
  std::vector<std::string> rule_ids;  // lint-ignore: the ids of `args`, already validated
  std::vector<int> columns;           // lint-ignore: the column of each id on `line`
  // batch: `size=N` and `sleep=DUR` or `sleep=N%` (of each batch's duration), when given.
  std::optional<int> batch_size;
  std::optional<Millis> batch_sleep;
  std::optional<double> batch_sleep_fraction;
};

struct SectionDirectives {
  Directives file;                       // from the top of the section
  std::vector<InlineDirective> inline_;  // the rest
  // The lint-ignore lines of `file` with their positions, so that the linter can point at an
  // ignore that suppressed nothing (`file.lint_ignore` holds the same ids, merged).
  std::vector<InlineDirective> file_ignores;
};

// Scans `text` (a section's SQL, whose first line is line `first_line` of `path`) for
// `-- pgshift:` lines. Errors (invalid_input, "path:line:col: ..."): unknown directive, bad
// argument (duration, count, rule id), a file-level-only directive below the first statement,
// a directive repeated. Lines that are `-- pgshift:up` / `-- pgshift:down` markers are not
// directives and must not appear in `text`.
Result<SectionDirectives> parse_directives(std::string_view text, const std::string& path,
                                           int first_line);

// True for names parse_directives knows (for --help and docs listings).
bool is_known_directive(std::string_view name);

}  // namespace pgshift::core
