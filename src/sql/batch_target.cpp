#include "sql/batch_target.hpp"

#include "sql/classify.hpp"
#include "sql/json_tree.hpp"
#include "sql/pg_query_handle.hpp"

namespace pgshift::sql::detail {

namespace {

// Text of the tokens [from, to), as written, without the comments at either end (a comment
// between SET's last expression and WHERE is not part of the SET list).
std::string slice(std::string_view sql, const std::vector<Token>& tokens, std::size_t from,
                  std::size_t to) {
  while (from < to && tokens[from].cls == TokenClass::comment) {
    ++from;
  }
  while (to > from && tokens[to - 1].cls == TokenClass::comment) {
    --to;
  }
  if (from >= to) {
    return "";
  }
  return std::string(sql.substr(tokens[from].start, tokens[to - 1].end - tokens[from].start));
}

// The index of the first token of `kind` outside parentheses in [first, last), or last.
std::size_t top_level(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                      int kind) {
  int depth = 0;
  for (std::size_t i = first; i < last; ++i) {
    if (tokens[i].kind == PG_QUERY__TOKEN__ASCII_40) {
      ++depth;
    } else if (tokens[i].kind == PG_QUERY__TOKEN__ASCII_41) {
      --depth;
    } else if (depth == 0 && tokens[i].kind == kind) {
      return i;
    }
  }
  return last;
}

// The SET that opens the SET list: the last top-level SET before the first target. Not the
// first SET token: the table, its schema or its alias may be named "set" (an unreserved
// keyword: `UPDATE set s SET v = 1`). `last` when there is none.
std::size_t set_keyword(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                        const json& body) {
  const json& targets = list(body, "targetList");
  const json* target = targets.empty() ? nullptr : wrapped(targets.front(), "ResTarget");
  if (!target || !target->contains("location")) {
    return top_level(tokens, first, last, PG_QUERY__TOKEN__SET);
  }
  const std::size_t at = (*target)["location"].get<std::size_t>();
  std::size_t found = last;
  for (std::size_t i = top_level(tokens, first, last, PG_QUERY__TOKEN__SET);
       i < last && tokens[i].start < at; i = top_level(tokens, i + 1, last, PG_QUERY__TOKEN__SET)) {
    found = i;
  }
  return found;
}

std::string unsupported_reason(bool update, const json& body) {
  if (object(body, "withClause")) {
    return "it has a WITH clause";
  }
  if (!list(body, update ? "fromClause" : "usingClause").empty()) {
    return update ? "it has a FROM clause (batches change one table, joined to nothing)"
                  : "it has a USING clause (batches change one table, joined to nothing)";
  }
  if (!list(body, "returningList").empty()) {
    return "it has a RETURNING clause (nobody reads the rows of a batched statement)";
  }
  if (const json* where = object(body, "whereClause"); where && where->contains("CurrentOfExpr")) {
    return "it uses WHERE CURRENT OF";
  }
  return "";
}

}  // namespace

std::optional<BatchTarget> batch_target(const std::string& node, const json& body,
                                        std::string_view sql, const std::vector<Token>& tokens,
                                        std::size_t first, std::size_t last) {
  const bool update = node == "UpdateStmt";
  if (!update && node != "DeleteStmt") {
    return std::nullopt;
  }
  BatchTarget t;
  t.remove = !update;
  if (const json* rel = object(body, "relation")) {
    t.schema = text(*rel, "schemaname");
    t.table = text(*rel, "relname");
    if (const json* alias = object(*rel, "alias")) {
      t.alias = text(*alias, "aliasname");
    }
  }
  t.unsupported = unsupported_reason(update, body);
  // Tokens, not tree locations: the tree gives where an expression's operator is, not where
  // its text starts. The statement has no FROM, USING, RETURNING or WITH (else it is refused),
  // so SET runs to a top-level WHERE and WHERE to the end.
  const std::size_t where = top_level(tokens, first, last, PG_QUERY__TOKEN__WHERE);
  if (update) {
    const std::size_t set = set_keyword(tokens, first, last, body);
    t.set_sql = slice(sql, tokens, set + 1, where);
  }
  if (where < last) {
    t.where_sql = slice(sql, tokens, where + 1, last);
  }
  return t;
}

}  // namespace pgshift::sql::detail
