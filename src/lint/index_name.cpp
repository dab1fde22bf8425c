#include "lint/index_name.hpp"

#include <algorithm>

namespace pgshift::lint {
namespace {

constexpr std::size_t k_max_name = 63;  // NAMEDATALEN - 1

// The first `bytes` bytes of `s`, not cutting a UTF-8 character (pg_mbcliplen).
std::string clip(std::string_view s, std::size_t bytes) {
  bytes = std::min(bytes, s.size());
  while (bytes > 0 && bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) {
    --bytes;
  }
  return std::string(s.substr(0, bytes));
}

constexpr int k_max_depth = 32;  // casts of casts: deeper than any index expression written

// PostgreSQL's FigureColnameInternal for the expressions an index is commonly built on:
// strength 2 for a column or a function's name, 1 for a guess (a cast's type, CASE), 0 none.
int figure_name(const tree::json& node, std::string& name, int depth = 0) {
  if (depth > k_max_depth) {
    return 0;
  }
  if (const tree::json* ref = tree::as(node, "ColumnRef")) {
    const std::vector<std::string> fields = tree::strings(tree::items(*ref, "fields"));
    if (fields.empty()) {
      return 0;  // a.* and the like
    }
    name = fields.back();
    return 2;
  }
  if (const tree::json* call = tree::as(node, "FuncCall")) {
    const std::vector<std::string> names = tree::strings(tree::items(*call, "funcname"));
    if (names.empty()) {
      return 0;
    }
    name = names.back();
    return 2;
  }
  if (const tree::json* cast = tree::as(node, "TypeCast")) {
    const tree::json* arg = tree::get(*cast, "arg");
    const int strength = arg != nullptr ? figure_name(*arg, name, depth + 1) : 0;
    const tree::json* type = tree::get(*cast, "typeName");
    if (strength <= 1 && type != nullptr) {
      const std::vector<std::string> names = tree::strings(tree::items(*type, "names"));
      if (!names.empty()) {
        name = names.back();
        return 1;
      }
    }
    return strength;
  }
  if (const tree::json* collate = tree::as(node, "CollateClause")) {
    const tree::json* arg = tree::get(*collate, "arg");
    return arg != nullptr ? figure_name(*arg, name, depth + 1) : 0;
  }
  if (tree::as(node, "CoalesceExpr") != nullptr) {
    name = "coalesce";
    return 2;
  }
  if (tree::as(node, "CaseExpr") != nullptr) {
    name = "case";
    return 1;
  }
  return 0;
}

std::string element_name(const tree::json& element) {
  if (const tree::json* s = tree::as(element, "String")) {
    return tree::str(*s, "sval");  // a constraint's key
  }
  const tree::json* elem = tree::as(element, "IndexElem");
  if (elem == nullptr) {
    return "expr";
  }
  if (std::string given = tree::str(*elem, "indexcolname"); !given.empty()) {
    return given;
  }
  if (std::string column = tree::str(*elem, "name"); !column.empty()) {
    return column;
  }
  std::string name;
  const tree::json* expr = tree::get(*elem, "expr");
  return expr != nullptr && figure_name(*expr, name) > 0 ? name : "expr";
}

// makeObjectName: name1_name2_label within 63 bytes, shortening the longer part first.
std::string make_object_name(std::string_view name1, const std::string* name2,
                             std::string_view label) {
  const std::size_t overhead = (name2 != nullptr ? 1 : 0) + label.size() + 1;
  const std::size_t available = k_max_name - std::min(overhead, k_max_name - 1);
  std::size_t n1 = name1.size();
  std::size_t n2 = name2 != nullptr ? name2->size() : 0;
  while (n1 + n2 > available) {
    if (n1 > n2) {
      --n1;
    } else {
      --n2;
    }
  }
  std::string out = clip(name1, n1);
  if (name2 != nullptr) {
    out += "_" + clip(*name2, n2);
  }
  return out + "_" + std::string(label);
}

}  // namespace

std::vector<std::string> index_column_names(const tree::json& elements) {
  std::vector<std::string> out;
  if (!elements.is_array()) {
    return out;
  }
  for (const tree::json& element : elements) {
    const std::string original = element_name(element);
    std::string name = original;
    // ChooseIndexColumnNames: a name already used by an earlier column gets 1, 2 ...
    for (int i = 1; std::find(out.begin(), out.end(), name) != out.end(); ++i) {
      const std::string suffix = std::to_string(i);
      name = clip(original, k_max_name - suffix.size()) + suffix;
    }
    out.push_back(std::move(name));
  }
  return out;
}

std::string choose_index_name(std::string_view table, const std::vector<std::string>& columns,
                              IndexKind kind,
                              const std::function<bool(const std::string&)>& taken) {
  // ChooseIndexNameAddition: the column names joined with "_", stopping once past 63 bytes.
  std::string joined;
  for (const std::string& c : columns) {
    if (joined.size() >= k_max_name + 1) {
      break;
    }
    joined += (joined.empty() ? "" : "_") + c;
  }
  const char* label = kind == IndexKind::primary     ? "pkey"
                      : kind == IndexKind::unique    ? "key"
                      : kind == IndexKind::exclusion ? "excl"
                                                     : "idx";
  const std::string* name2 = kind == IndexKind::primary ? nullptr : &joined;
  std::string name = make_object_name(table, name2, label);
  for (int pass = 1; taken(name); ++pass) {
    name = make_object_name(table, name2, label + std::to_string(pass));
  }
  return name;
}

}  // namespace pgshift::lint
