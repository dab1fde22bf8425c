// prefer-timestamptz: a timestamp (without time zone) column. It stores wall-clock values with
// no zone, so their meaning depends on the writer's TimeZone setting; comparisons across zones
// and DST changes go wrong silently. Converting it later rewrites the table (before
// PostgreSQL 12 always, from 12 on unless the session's TimeZone is UTC).
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    for (const tree::Column& column : tree::typed_columns(*st.node, *st.body)) {
      if (!(column.type == "timestamp")) {
        continue;
      }
      Finding& f = out.report(st,
                              "column \"" + column.name +
                                  "\" is timestamp without time zone: its values mean different "
                                  "instants for clients in different time zones",
                              column.location);
      f.lock.clear();  // advice about the type, not about this statement's lock
      f.help = "use timestamptz (timestamp with time zone)";
    }
  }
}

}  // namespace

extern const Rule prefer_timestamptz{
    .id = "prefer-timestamptz",
    .severity = Severity::warning,
    .summary = "a timestamp without time zone column; use timestamptz",
    .check = check,
};

}  // namespace pgshift::lint::rules
