#include "core/config_tree.hpp"

#include <toml++/toml.h>

#include <algorithm>

#include "core/config.hpp"
#include "core/toml_depth.hpp"

namespace pgshift::core {

namespace {

Position position_of(const toml::source_region& r) {
  return {std::max(1, static_cast<int>(r.begin.line)),
          std::max(1, static_cast<int>(r.begin.column))};
}

TomlNode convert(const toml::node& n) {
  TomlNode out;
  out.pos = position_of(n.source());
  out.end = {std::max(1, static_cast<int>(n.source().end.line)),
             std::max(1, static_cast<int>(n.source().end.column))};
  if (const auto* s = n.as_string()) {
    out.kind = TomlNode::Kind::string;
    out.text = s->get();
  } else if (const auto* i = n.as_integer()) {
    out.kind = TomlNode::Kind::integer;
    out.integer = i->get();
  } else if (const auto* f = n.as_floating_point()) {
    out.kind = TomlNode::Kind::floating;
    out.number = f->get();
  } else if (const auto* b = n.as_boolean()) {
    out.kind = TomlNode::Kind::boolean;
    out.boolean = b->get();
  } else if (const auto* a = n.as_array()) {
    out.kind = TomlNode::Kind::array;
    for (const toml::node& item : *a) {
      out.items.push_back(convert(item));
    }
  } else if (const auto* t = n.as_table()) {
    out.kind = TomlNode::Kind::table;
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (const auto& [k, v] : *t) {
      entries.emplace_back(&k, &v);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      const auto& pa = a.first->source().begin;
      const auto& pb = b.first->source().begin;
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    for (const auto& [k, v] : entries) {
      out.fields.emplace_back(std::string(k->str()), convert(*v));
      out.key_pos.push_back(position_of(k->source()));
    }
  }
  return out;
}

}  // namespace

TomlNode::TomlNode() = default;

const char* TomlNode::kind_name() const {
  switch (kind) {
    case Kind::string:
      return "a string";
    case Kind::integer:
      return "an integer";
    case Kind::floating:
      return "a float";
    case Kind::boolean:
      return "a boolean";
    case Kind::array:
      return "an array";
    case Kind::table:
      return "a table";
    case Kind::other:
      break;
  }
  return "a date or time";
}

Result<TomlNode> parse_toml_tree(const std::string& text, const std::string& path) {
  PGSHIFT_TRY(check_toml_depth(text, path));
  try {
    toml::table root = toml::parse(text, path);
    TomlNode out = convert(root);
    out.pos = {1, 1};
    return out;
  } catch (const toml::parse_error&) {
    return check_toml_syntax(text, path);  // the one formatter of toml++'s errors
  }
}

}  // namespace pgshift::core
