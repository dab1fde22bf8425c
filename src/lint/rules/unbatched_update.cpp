// unbatched-update (pgshift's own): an UPDATE or DELETE that touches a whole existing table in
// one statement: no WHERE, or a WHERE that does not restrict the rows by key. It runs as one
// long transaction that locks every row it changes until it commits (blocking every writer of
// those rows), writes the whole table's worth of WAL and dead tuples at once, and holds back
// vacuum on every table meanwhile. `-- pgshift:batch` directly above it runs it in keyset
// batches that each commit on their own.
//
// "Restricts by key": a top-level AND term comparing a key-like column (id, or a name ending in
// _id) with `=`, `IN (...)`, `= ANY (...)` or BETWEEN. Anything else (`WHERE email IS NULL`,
// `WHERE created_at < now()`) may match most of the table, so it is reported.
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

bool key_like(const tree::json& expr) {
  const tree::json* ref = tree::as(expr, "ColumnRef");
  if (ref == nullptr) {
    return false;
  }
  const std::vector<std::string> fields = tree::strings(tree::items(*ref, "fields"));
  if (fields.empty()) {
    return false;
  }
  const std::string& name = fields.back();
  return name == "id" || name.ends_with("_id");
}

bool restricts_by_key(const tree::json& expr) {
  if (const tree::json* b = tree::as(expr, "BoolExpr")) {
    if (tree::str(*b, "boolop") != "AND_EXPR") {
      return false;  // an OR restricts only if every branch does: keep it simple, report it
    }
    for (const tree::json& arg : tree::items(*b, "args")) {
      if (restricts_by_key(arg)) {
        return true;
      }
    }
    return false;
  }
  const tree::json* a = tree::as(expr, "A_Expr");
  if (a == nullptr) {
    return false;
  }
  const std::string kind = tree::str(*a, "kind");
  const std::vector<std::string> op = tree::strings(tree::items(*a, "name"));
  const bool equality = !op.empty() && op.back() == "=";
  const bool fits = (kind == "AEXPR_OP" && equality) || kind == "AEXPR_IN" ||
                    (kind == "AEXPR_OP_ANY" && equality) || kind == "AEXPR_BETWEEN";
  const tree::json* left = tree::get(*a, "lexpr");
  const tree::json* right = tree::get(*a, "rexpr");
  return fits && ((left != nullptr && key_like(*left)) ||
                  (right != nullptr && kind == "AEXPR_OP" && key_like(*right)));
}

// The `-- pgshift:batch` directive that applies to statement `st` (the first statement below
// it, as exec::make_plan attaches it).
bool batched(const FileContext& file, const StatementInfo& st) {
  for (const core::InlineDirective& d : file.section->directives.inline_) {
    if (d.name != "batch") {
      continue;
    }
    for (const StatementInfo& s : file.statements) {
      if (s.stmt->line > d.line) {
        if (s.index == st.index) {
          return true;
        }
        break;
      }
    }
  }
  return false;
}

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    if (!st.stmt->batch || batched(file, st)) {
      continue;
    }
    const tree::json* where = tree::get(*st.body, "whereClause");
    if (where != nullptr && restricts_by_key(*where)) {
      continue;
    }
    const sql::BatchTarget& target = *st.stmt->batch;
    const TableRef table = tree::relation_of(*st.body);
    const std::string verb = target.remove ? "DELETE" : "UPDATE";
    Finding& f = out.report(
        st,
        verb +
            (where == nullptr ? " without WHERE" : " with a WHERE that does not restrict by key") +
            (where == nullptr ? " changes every row of" : " may change most of") +
            std::string(" table \"") + table.display() + "\" in one transaction");
    f.table = table;
    f.lock = lock_on(*st.stmt, table);
    f.lock += std::string(f.lock.empty() ? "" : ", and ") +
              "a lock on every row it changes until it commits";
    if (target.unsupported.empty()) {
      f.help =
          "add -- pgshift:batch directly above it: pgshift runs it in keyset batches that "
          "each commit on their own";
    } else {
      f.help = "-- pgshift:batch cannot run it as written, " + target.unsupported +
               ": rewrite it as " + (target.remove ? "a DELETE" : "an UPDATE") +
               " of one table with a plain WHERE, then add -- pgshift:batch directly above it";
    }
  }
}

}  // namespace

extern const Rule unbatched_update{
    .id = "unbatched-update",
    .severity = Severity::error,
    .summary =
        "an UPDATE or DELETE of a whole existing table in one transaction, without "
        "-- pgshift:batch",
    .check = check,
};

}  // namespace pgshift::lint::rules
