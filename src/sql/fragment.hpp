// SQL fragments that users write and pgshift embeds in the SQL it generates: an operation's
// `up`/`down` expression, a default, a CHECK, a column type, an index's WHERE, a backfill's
// `--set` and `--where` and the SET and WHERE of a `-- pgshift:batch` statement.
//
// spliceable() is the one way such text gets into generated SQL. It checks, with the real
// parser, that the text is exactly one fragment of its kind ON ITS OWN, before anything runs:
// a typo is reported at its file and line (or flag) instead of as a syntax error half-way
// through an expand phase, and the text cannot close a parenthesis pgshift opened
// (`flag = 'a') OR (flag = 'b'` as a WHERE would escape the batch's key range), add a clause,
// or smuggle in a second statement (`1); DROP TABLE users; SELECT (1`). It then returns the
// text in the form that is spliced: comments removed (a trailing `-- note` would swallow what
// pgshift writes after it), a '...' string with a backslash in its E'...' form (read the same
// whatever the server's standard_conforming_strings), and an expression in parentheses.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pgshift/status.hpp"

namespace pgshift::sql {

enum class Fragment {
  expression,   // a scalar expression: up, down, default
  condition,    // a boolean expression: check, where, --where (same grammar as expression)
  type,         // a column type: "bigint", "varchar(20)", "text[]"
  assignments,  // the SET list of an UPDATE: "a = 1, b = lower(c)" (--set, -- pgshift:batch)
};

// User text that spliceable() checked, in the form it is spliced into generated SQL.
class Spliceable {
 public:
  Spliceable() = default;  // empty: splices nothing (a field not read yet)

  Fragment kind() const { return m_kind; }
  // What to splice: the text without its comments, '...' strings holding a backslash as
  // E'...'; an expression or condition in parentheses, so that no operator pgshift writes
  // around it binds into it ("(a OR b)", not "a OR b").
  std::string sql() const;
  // The same without the parentheses.
  const std::string& text() const { return m_text; }

 private:
  friend Result<Spliceable> spliceable(Fragment kind, std::string_view text);
  Spliceable(Fragment kind, std::string text) : m_kind(kind), m_text(std::move(text)) {}

  Fragment m_kind = Fragment::expression;
  std::string m_text;
};

// `text` checked as exactly one fragment of `kind`, ready to splice. Errors: invalid_input with
// a message that reads after the fragment's name ("syntax error at or near \")\"", "closes a
// parenthesis it did not open", "must be a single expression"); the caller adds the name and
// the file and line, or the flag.
//
// Refused besides syntax errors: a ';' (a second statement), unbalanced parentheses or
// brackets, a clause after the fragment (FROM, ORDER BY, UNION, a WHERE after a SET list ...),
// a NUL byte, and an N'...' string holding a backslash. An expression or condition written as
// one SELECT statement is taken as a scalar subquery: "(SELECT ...)".
Result<Spliceable> spliceable(Fragment kind, std::string_view text);

// Ok when spliceable(kind, text) is; else its error.
Status check_fragment(Fragment kind, std::string_view text);

// What makes expression `text` differ per row ("random", "nextval", "column reference", ...);
// "" when it is the same for every row. Errors as check_fragment.
Result<std::string> expression_volatile_part(std::string_view text);

// The columns expression (or condition) `text` names, unqualified, each once, in order of first
// appearance. Errors as check_fragment.
Result<std::vector<std::string>> expression_columns(std::string_view text);

// `fragment` with every unqualified column reference found in `names` replaced by its value
// (quoted): an expression written in a version's column names, made to read the table's
// physical columns. Errors as check_fragment.
Result<Spliceable> rename_columns(const Spliceable& fragment,
                                  const std::map<std::string, std::string>& names);

}  // namespace pgshift::sql
