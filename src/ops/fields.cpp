#include "ops/fields.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/position.hpp"

namespace pgshift::ops {

using Kind = core::TomlNode::Kind;

Fields::Fields(const core::TomlNode& node, std::string path, std::string what)
    : m_node(node), m_path(std::move(path)), m_what(std::move(what)) {}

Status Fields::error(const core::TomlNode& at, const std::string& message) const {
  return core::input_error(m_path, at.pos, m_what + ": " + message);
}

Status Fields::missing(const char* key) const {
  return core::input_error(m_path, m_node.pos,
                           fmt::format("{}: missing required field \"{}\"", m_what, key));
}

const core::TomlNode* Fields::find(const char* key) {
  m_known.emplace_back(key);
  for (const auto& [k, v] : m_node.fields) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

Status Fields::check_name(const core::TomlNode& n, const char* key) const {
  if (n.kind != Kind::string) {
    return error(n, fmt::format("\"{}\" must be a string, not {}", key, n.kind_name()));
  }
  if (n.text.empty()) {
    return error(n, fmt::format("\"{}\" must not be empty", key));
  }
  if (n.text.size() > 63) {
    return error(n, fmt::format("\"{}\": \"{}\" is longer than PostgreSQL's 63-byte limit for "
                                "names",
                                key, n.text));
  }
  if (n.text.find('\0') != std::string::npos) {
    return error(n, fmt::format("\"{}\" must not contain a NUL byte", key));
  }
  return Status::ok();
}

Status Fields::name(const char* key, std::string& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return missing(key);
  }
  PGSHIFT_TRY(check_name(*n, key));
  out = n->text;
  return Status::ok();
}

Status Fields::optional_name(const char* key, std::optional<std::string>& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return Status::ok();
  }
  PGSHIFT_TRY(check_name(*n, key));
  out = n->text;
  return Status::ok();
}

Status Fields::optional_names(const char* key, std::vector<std::string>& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return Status::ok();
  }
  if (n->kind != Kind::array) {
    return error(*n, fmt::format("\"{}\" must be an array of names, not {}", key, n->kind_name()));
  }
  if (n->items.empty()) {
    return error(*n, fmt::format("\"{}\" must not be empty", key));
  }
  for (const core::TomlNode& item : n->items) {
    PGSHIFT_TRY(check_name(item, key));
    if (std::find(out.begin(), out.end(), item.text) != out.end()) {
      return error(item, fmt::format("\"{}\" lists \"{}\" twice", key, item.text));
    }
    out.push_back(item.text);
  }
  return Status::ok();
}

Status Fields::names(const char* key, std::vector<std::string>& out) {
  PGSHIFT_TRY(optional_names(key, out));
  return out.empty() ? missing(key) : Status::ok();
}

Status Fields::rename(std::string& from, std::string& to) {
  PGSHIFT_TRY(name("from", from));
  PGSHIFT_TRY(name("to", to));
  if (from == to) {
    return error(m_node, "\"from\" and \"to\" are the same name");
  }
  return Status::ok();
}

Status Fields::fragment_of(const core::TomlNode& n, const std::string& what, sql::Fragment kind,
                           sql::Spliceable& out) const {
  if (n.kind != Kind::string) {
    return error(n, fmt::format("{} must be a string of SQL, not {}", what, n.kind_name()));
  }
  auto checked = sql::spliceable(kind, n.text);
  if (!checked) {
    return error(n, fmt::format("{} {}", what, checked.status().message()));
  }
  out = std::move(checked).value();
  return Status::ok();
}

Status Fields::optional_fragment(const char* key, sql::Fragment kind,
                                 std::optional<sql::Spliceable>& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return Status::ok();
  }
  sql::Spliceable v;
  PGSHIFT_TRY(fragment_of(*n, fmt::format("\"{}\"", key), kind, v));
  out = std::move(v);
  return Status::ok();
}

Status Fields::fragment(const char* key, sql::Fragment kind, sql::Spliceable& out) {
  std::optional<sql::Spliceable> v;
  PGSHIFT_TRY(optional_fragment(key, kind, v));
  if (!v) {
    return missing(key);
  }
  out = std::move(*v);
  return Status::ok();
}

Status Fields::text(const char* key, std::optional<std::string>& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return Status::ok();
  }
  if (n->kind != Kind::string) {
    return error(*n, fmt::format("\"{}\" must be a string, not {}", key, n->kind_name()));
  }
  out = n->text;
  return Status::ok();
}

Status Fields::boolean(const char* key, bool& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return Status::ok();
  }
  if (n->kind != Kind::boolean) {
    return error(*n, fmt::format("\"{}\" must be true or false, not {}", key, n->kind_name()));
  }
  out = n->boolean;
  return Status::ok();
}

Status Fields::choice(const char* key, const std::vector<std::string>& choices, std::string& out) {
  const core::TomlNode* n = find(key);
  if (!n) {
    return Status::ok();
  }
  std::string list;
  for (const auto& c : choices) {
    list += (list.empty() ? "\"" : ", \"") + c + "\"";
  }
  if (n->kind != Kind::string ||
      std::find(choices.begin(), choices.end(), n->text) == choices.end()) {
    return error(*n, fmt::format("\"{}\" must be one of {}", key, list));
  }
  out = n->text;
  return Status::ok();
}

const core::TomlNode* Fields::table(const char* key, Status& st) {
  const core::TomlNode* n = find(key);
  if (n && n->kind != Kind::table) {
    st = error(*n, fmt::format("\"{}\" must be a table, not {}", key, n->kind_name()));
    return nullptr;
  }
  return n;
}

const core::TomlNode* Fields::array(const char* key, Status& st) {
  const core::TomlNode* n = find(key);
  if (n && n->kind != Kind::array) {
    st = error(*n, fmt::format("\"{}\" must be an array, not {}", key, n->kind_name()));
    return nullptr;
  }
  return n;
}

Status Fields::finish() const {
  for (std::size_t i = 0; i < m_node.fields.size(); ++i) {
    const std::string& k = m_node.fields[i].first;
    if (std::find(m_known.begin(), m_known.end(), k) == m_known.end()) {
      std::vector<std::string> known = m_known;
      std::sort(known.begin(), known.end());
      known.erase(std::unique(known.begin(), known.end()), known.end());
      std::string list;
      for (const auto& x : known) {
        list += (list.empty() ? "" : ", ") + x;
      }
      return core::input_error(
          m_path, m_node.key_pos[i],
          fmt::format("{}: unknown field \"{}\" (known: {})", m_what, k, list));
    }
  }
  return Status::ok();
}

}  // namespace pgshift::ops
