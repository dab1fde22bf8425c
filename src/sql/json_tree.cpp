#include "sql/json_tree.hpp"

#include <algorithm>
#include <cctype>

namespace pgshift::sql::detail {
namespace {

const json& empty_list() {
  static const json k_empty = json::array();
  return k_empty;
}

}  // namespace

bool flag(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

std::string text(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& list(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_array() ? *it : empty_list();
}

const json* object(const json& body, const char* key) {
  const auto it = body.find(key);
  return it != body.end() && it->is_object() ? &*it : nullptr;
}

const json* wrapped(const json& item, const char* type) {
  return item.is_object() ? object(item, type) : nullptr;
}

std::vector<std::string> strings(const json& items) {
  std::vector<std::string> out;
  if (!items.is_array()) {
    return out;
  }
  for (const json& item : items) {
    if (const json* s = wrapped(item, "String")) {
      out.push_back(text(*s, "sval"));
    }
  }
  return out;
}

const json& list_items(const json& node) {
  const json* l = wrapped(node, "List");
  return l != nullptr ? list(*l, "items") : empty_list();
}

bool def_elem_true(const json& def) {
  const json* arg = object(def, "arg");
  if (arg == nullptr) {
    return true;
  }
  if (const json* b = object(*arg, "Boolean")) {
    return flag(*b, "boolval");
  }
  if (const json* i = object(*arg, "Integer")) {
    return i->value("ival", 0) != 0;
  }
  if (const json* s = object(*arg, "String")) {
    std::string v = text(*s, "sval");
    std::transform(v.begin(), v.end(), v.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return v != "false" && v != "off";
  }
  return true;
}

bool option_on(const json& options, std::string_view name) {
  for (const json& item : options) {
    const json* def = wrapped(item, "DefElem");
    if (def != nullptr && text(*def, "defname") == name && def_elem_true(*def)) {
      return true;
    }
  }
  return false;
}

}  // namespace pgshift::sql::detail
