#include "sql/depth.hpp"

#include "sql/pg_query_handle.hpp"

namespace pgshift::sql::detail {
namespace {

using nlohmann::json;

enum class Chain { none, op, join, set };

// What a token adds to a chain that nests one tree level deeper per link.
Chain chain_of(int kind) {
  switch (kind) {
    case PG_QUERY__TOKEN__ASCII_37:  // %
    case PG_QUERY__TOKEN__ASCII_42:  // *
    case PG_QUERY__TOKEN__ASCII_43:  // +
    case PG_QUERY__TOKEN__ASCII_45:  // -
    case PG_QUERY__TOKEN__ASCII_47:  // /
    case PG_QUERY__TOKEN__ASCII_60:  // <
    case PG_QUERY__TOKEN__ASCII_61:  // =
    case PG_QUERY__TOKEN__ASCII_62:  // >
    case PG_QUERY__TOKEN__ASCII_94:  // ^
    case PG_QUERY__TOKEN__Op:
    case PG_QUERY__TOKEN__TYPECAST:
    case PG_QUERY__TOKEN__LESS_EQUALS:
    case PG_QUERY__TOKEN__GREATER_EQUALS:
    case PG_QUERY__TOKEN__NOT_EQUALS:
    case PG_QUERY__TOKEN__COLLATE:
    case PG_QUERY__TOKEN__AT:
    case PG_QUERY__TOKEN__OPERATOR:
    case PG_QUERY__TOKEN__LIKE:
    case PG_QUERY__TOKEN__ILIKE:
    case PG_QUERY__TOKEN__SIMILAR:
    case PG_QUERY__TOKEN__IS:
    case PG_QUERY__TOKEN__ISNULL:
    case PG_QUERY__TOKEN__NOTNULL:
    case PG_QUERY__TOKEN__BETWEEN:
    case PG_QUERY__TOKEN__IN_P:
    case PG_QUERY__TOKEN__OVERLAPS:
      return Chain::op;
    case PG_QUERY__TOKEN__JOIN:
      return Chain::join;
    case PG_QUERY__TOKEN__UNION:
    case PG_QUERY__TOKEN__INTERSECT:
    case PG_QUERY__TOKEN__EXCEPT:
      return Chain::set;
    default:
      return Chain::none;
  }
}

// Tokens after which an operator chain starts afresh: list items, the flat AND / OR lists,
// the arms of CASE.
bool ends_operand(int kind) {
  switch (kind) {
    case PG_QUERY__TOKEN__ASCII_44:  // ,
    case PG_QUERY__TOKEN__AND:
    case PG_QUERY__TOKEN__OR:
    case PG_QUERY__TOKEN__CASE:
    case PG_QUERY__TOKEN__WHEN:
    case PG_QUERY__TOKEN__THEN:
    case PG_QUERY__TOKEN__ELSE:
    case PG_QUERY__TOKEN__END_P:
      return true;
    default:
      return false;
  }
}

// The chains open at one level of parentheses, and the depth they start at.
struct Level {
  long base = 0;  // levels nested outside this one
  long ops = 0;   // 1 + 1 + ...: two tree levels per link
  long joins = 0;
  long sets = 0;  // UNION / INTERSECT / EXCEPT: one tree level per link

  long depth() const { return base + 2 * ops + 2 * joins + sets; }
};

}  // namespace

std::optional<std::size_t> chains_too_deep(const std::vector<Token>& tokens) {
  constexpr long k_limit = 4L * k_max_tree_depth;
  std::vector<Level> levels(1);
  std::size_t statement = 0;  // first token of the current statement
  bool in_statement = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const int kind = tokens[i].kind;
    if (tokens[i].cls == TokenClass::comment) {
      continue;
    }
    if (kind == PG_QUERY__TOKEN__ASCII_59 && levels.size() == 1) {  // ; ends a statement
      levels.assign(1, Level{});
      in_statement = false;
      continue;
    }
    if (!in_statement) {
      statement = i;
      in_statement = true;
    }
    Level& level = levels.back();
    if (kind == PG_QUERY__TOKEN__ASCII_40) {  // (
      levels.push_back(Level{level.depth(), 0, 0, 0});
      continue;
    }
    if (kind == PG_QUERY__TOKEN__ASCII_41) {  // )
      if (levels.size() > 1) {
        levels.pop_back();
      }
      continue;
    }
    if (ends_operand(kind)) {
      level.ops = 0;
      level.joins = kind == PG_QUERY__TOKEN__ASCII_44 ? 0 : level.joins;
      continue;
    }
    switch (chain_of(kind)) {
      case Chain::op:
        ++level.ops;
        break;
      case Chain::join:
        ++level.joins;
        break;
      case Chain::set:
        ++level.sets;
        break;
      case Chain::none:
        continue;
    }
    if (level.depth() > k_limit) {
      return statement;
    }
  }
  return std::nullopt;
}

bool settle_tree(json& tree, long shift) {
  struct Item {
    json* node;
    int depth;
  };
  std::vector<Item> stack{{&tree, 1}};
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    if (item.depth > k_max_tree_depth) {
      return true;
    }
    if (item.node->is_array()) {
      for (json& child : *item.node) {
        if (child.is_structured()) {
          stack.push_back({&child, item.depth + 1});
        }
      }
      continue;
    }
    for (auto& [key, value] : item.node->items()) {
      if (value.is_structured()) {
        stack.push_back({&value, item.depth + 1});
      } else if (shift != 0 && key == "location" && value.is_number_integer() &&
                 value.get<long>() >= 0) {
        value = value.get<long>() + shift;
      }
    }
  }
  return false;
}

}  // namespace pgshift::sql::detail
