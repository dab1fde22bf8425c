#include "sql/volatility.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "sql/json_tree.hpp"

namespace pgshift::sql {
namespace {

using detail::json;

// Functions that return the same value for every row of one statement (immutable or stable).
// ADD COLUMN ... DEFAULT f() with one of these stores the value once in the catalog (PostgreSQL
// 11+); anything else may be volatile (nextval, random, gen_random_uuid, clock_timestamp,
// timeofday, uuid_generate_v4 ...) and is evaluated per row, rewriting the table. Checked on a
// 15.18 server for now(), timezone(), jsonb_build_object(), current_setting(), lower().
constexpr std::string_view k_non_volatile_functions[] = {
    "now",
    "statement_timestamp",
    "transaction_timestamp",
    "timezone",
    "current_setting",
    "lower",
    "upper",
    "btrim",
    "trim",
    "length",
    "concat",
    "concat_ws",
    "replace",
    "substring",
    "substr",
    "left",
    "right",
    "lpad",
    "rpad",
    "md5",
    "to_char",
    "to_timestamp",
    "to_date",
    "to_number",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamptz",
    "make_interval",
    "date_trunc",
    "date_part",
    "extract",
    "abs",
    "round",
    "floor",
    "ceil",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "to_jsonb",
    "to_json",
    "array_fill",
};

std::string function_name(const json& func_call) {
  const std::vector<std::string> name = detail::strings(detail::list(func_call, "funcname"));
  return name.empty() ? std::string("function") : name.back();
}

bool is_non_volatile_function(const std::string& name) {
  return std::find(std::begin(k_non_volatile_functions), std::end(k_non_volatile_functions),
                   name) != std::end(k_non_volatile_functions);
}

}  // namespace

// Constants, casts, operators and the SQLValueFunctions (CURRENT_TIMESTAMP, CURRENT_USER ...)
// are the same for every row; a call to a function not in the list above, or a sub-select, is
// not (conservatively).
std::string volatile_part(const json& expr) {
  // Depth first in document order, without recursion (an expression nests as deep as the
  // parser allows). Each entry is a node and the key it sits under (null for array items).
  struct Entry {
    const std::string* key;
    const json* node;
  };
  std::vector<Entry> stack{{nullptr, &expr}};
  std::vector<Entry> children;
  while (!stack.empty()) {
    const Entry e = stack.back();
    stack.pop_back();
    if (e.key != nullptr) {
      if (*e.key == "SubLink") {
        return "subquery";
      }
      if (*e.key == "ColumnRef") {
        return "column reference";
      }
      if (*e.key == "FuncCall") {
        if (std::string name = function_name(*e.node); !is_non_volatile_function(name)) {
          return name;
        }
      }
    }
    children.clear();
    if (e.node->is_array()) {
      for (const json& item : *e.node) {
        children.push_back({nullptr, &item});
      }
    } else if (e.node->is_object()) {
      for (auto it = e.node->begin(); it != e.node->end(); ++it) {
        children.push_back({&it.key(), &*it});
      }
    }
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return "";
}

bool is_non_volatile(const json& expr) {
  return volatile_part(expr).empty();
}

bool is_serial_type(std::string_view type_name) {
  return type_name == "serial" || type_name == "serial4" || type_name == "bigserial" ||
         type_name == "serial8" || type_name == "smallserial" || type_name == "serial2";
}

}  // namespace pgshift::sql
