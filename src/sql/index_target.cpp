#include "core/quote.hpp"
#include "sql/classify.hpp"
#include "sql/json_tree.hpp"

namespace pgshift::sql {

std::string IndexTarget::qualified() const {
  return schema.empty() ? core::quote_ident(name)
                        : core::quote_ident(schema) + "." + core::quote_ident(name);
}

namespace detail {

std::optional<IndexTarget> index_target(const std::string& node, const nlohmann::json& body) {
  IndexTarget t;
  if (node == "IndexStmt" && flag(body, "concurrent")) {
    // The index lives in its table's schema; CREATE INDEX names it without a schema.
    t.op = IndexTarget::Op::create;
    t.name = text(body, "idxname");
    if (const json* rel = object(body, "relation")) {
      t.schema = text(*rel, "schemaname");
    }
    t.if_not_exists = flag(body, "if_not_exists");
    t.unique = flag(body, "unique");
    return t;
  }
  if (node == "DropStmt" && flag(body, "concurrent") &&
      text(body, "removeType") == "OBJECT_INDEX") {
    // The grammar allows exactly one index in DROP INDEX CONCURRENTLY.
    const json& objects = list(body, "objects");
    if (objects.empty()) {
      return std::nullopt;
    }
    std::vector<std::string> parts = strings(list_items(objects.front()));
    if (parts.empty()) {
      return std::nullopt;
    }
    t.op = IndexTarget::Op::drop;
    t.name = parts.back();
    if (parts.size() >= 2) {
      t.schema = parts[parts.size() - 2];
    }
    t.missing_ok = flag(body, "missing_ok");
    return t;
  }
  if (node == "ReindexStmt" && option_on(list(body, "params"), "concurrently")) {
    const std::string kind = text(body, "kind");
    if (kind != "REINDEX_OBJECT_INDEX" && kind != "REINDEX_OBJECT_TABLE") {
      return std::nullopt;  // SCHEMA / DATABASE: too many indexes to name here
    }
    t.op = kind == "REINDEX_OBJECT_INDEX" ? IndexTarget::Op::reindex_index
                                          : IndexTarget::Op::reindex_table;
    if (const json* rel = object(body, "relation")) {
      t.schema = text(*rel, "schemaname");
      t.name = text(*rel, "relname");
    }
    return t;
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace pgshift::sql
