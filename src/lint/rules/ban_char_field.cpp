// ban-char-field: a char(n)/character(n) column. char pads every value with spaces to n
// characters, compares ignoring that padding, and is never faster than text or varchar: the
// padding surprises clients, and changing the type later rewrites the table.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    for (const tree::Column& column : tree::typed_columns(*st.node, *st.body)) {
      if (!(column.type == "bpchar")) {
        continue;
      }
      Finding& f = out.report(st,
                              "column \"" + column.name +
                                  "\" is char(n): its values are padded with spaces to the length",
                              column.location);
      f.lock.clear();  // advice about the type, not about this statement's lock
      f.help =
          "use text (or varchar); limit the length with a CHECK (char_length(...) <= n) constraint "
          "if it matters";
    }
  }
}

}  // namespace

extern const Rule ban_char_field{
    .id = "ban-char-field",
    .severity = Severity::warning,
    .summary = "a char(n) column pads its values with spaces; use text or varchar",
    .check = check,
};

}  // namespace pgshift::lint::rules
