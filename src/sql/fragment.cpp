#include "sql/fragment.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/quote.hpp"
#include "sql/json_tree.hpp"
#include "sql/parse.hpp"
#include "sql/volatility.hpp"

namespace pgshift::sql {

namespace {

std::string wrap(Fragment kind, std::string_view text) {
  switch (kind) {
    case Fragment::type:
      return "SELECT CAST(NULL AS " + std::string(text) + "\n)";
    case Fragment::expression:
    case Fragment::condition:
      break;
  }
  return "SELECT (" + std::string(text) + "\n)";
}

// The one parsed statement of the wrapped fragment, with its tree.
Result<Statement> parse_one(Fragment kind, std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Status::error(Code::invalid_input, "is empty");
  }
  core::Section section;
  section.path = "fragment";
  section.text = wrap(kind, text);
  auto parsed = parse_section(section, ParseOptions{true, false});
  if (!parsed) {
    // "fragment:1:9: syntax error at ..." -> the reason alone; the caller names the place.
    std::string m = parsed.status().message();
    auto colon = m.find(": ");
    return Status::error(Code::invalid_input, colon == std::string::npos ? m : m.substr(colon + 2));
  }
  const char* what = kind == Fragment::type ? "a single type name" : "a single expression";
  if (parsed->size() != 1 || (*parsed)[0].node != "SelectStmt") {
    return Status::error(Code::invalid_input, std::string("must be ") + what);
  }
  // Only the one target list item we wrote: no FROM, WHERE, second column or UNION smuggled in.
  const auto& select = (*parsed)[0].tree->at("SelectStmt");
  for (const auto& [key, value] : select.items()) {
    if (key != "targetList" && key != "limitOption" && key != "op") {
      return Status::error(Code::invalid_input, std::string("must be ") + what);
    }
  }
  if (detail::list(select, "targetList").size() != 1) {
    return Status::error(Code::invalid_input, std::string("must be ") + what);
  }
  return std::move((*parsed)[0]);
}

using nlohmann::json;

constexpr std::size_t k_wrap_offset = 8;  // strlen("SELECT (")

struct ColumnUse {
  std::string name;
  std::size_t at;  // byte offset in the fragment's text
};

// Unqualified column references (ColumnRef with one name) anywhere in `node`.
void column_uses(const json& node, std::vector<ColumnUse>& out) {
  if (node.is_array()) {
    for (const json& e : node) {
      column_uses(e, out);
    }
    return;
  }
  if (!node.is_object()) {
    return;
  }
  for (const auto& [key, value] : node.items()) {
    if (key == "ColumnRef" && value.is_object()) {
      const auto names = detail::strings(detail::list(value, "fields"));
      const auto& fields = detail::list(value, "fields");
      if (names.size() == 1 && fields.size() == 1 && value.contains("location")) {
        const auto loc = value.at("location").get<long long>();
        if (loc >= static_cast<long long>(k_wrap_offset)) {
          out.push_back({names[0], static_cast<std::size_t>(loc) - k_wrap_offset});
        }
      }
      continue;
    }
    column_uses(value, out);
  }
}

Result<std::vector<ColumnUse>> uses_of(std::string_view text) {
  auto one = parse_one(Fragment::expression, text);
  if (!one) {
    return one.status();
  }
  std::vector<ColumnUse> out;
  column_uses(*one->tree, out);
  return out;
}

// The length of the identifier at `at`: "quoted ""name""" or a bare word.
std::size_t identifier_length(std::string_view text, std::size_t at) {
  std::size_t i = at;
  if (i < text.size() && text[i] == '"') {
    ++i;
    while (i < text.size()) {
      if (text[i] == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          i += 2;
          continue;
        }
        return i + 1 - at;
      }
      ++i;
    }
    return i - at;
  }
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!(std::isalnum(c) || c == '_' || c == '$' || c >= 0x80)) {
      break;
    }
    ++i;
  }
  return i - at;
}

}  // namespace

Result<std::vector<std::string>> expression_columns(std::string_view text) {
  auto uses = uses_of(text);
  if (!uses) {
    return uses.status();
  }
  std::vector<std::string> out;
  for (const ColumnUse& u : *uses) {
    if (std::find(out.begin(), out.end(), u.name) == out.end()) {
      out.push_back(u.name);
    }
  }
  return out;
}

Result<std::string> rename_columns(std::string_view text,
                                   const std::map<std::string, std::string>& names) {
  auto uses = uses_of(text);
  if (!uses) {
    return uses.status();
  }
  std::sort(uses->begin(), uses->end(),
            [](const ColumnUse& a, const ColumnUse& b) { return a.at < b.at; });
  std::string out;
  std::size_t done = 0;
  for (const ColumnUse& u : *uses) {
    auto it = names.find(u.name);
    if (it == names.end() || u.at < done || u.at >= text.size()) {
      continue;
    }
    out.append(text.substr(done, u.at - done));
    out += core::quote_ident(it->second);
    done = u.at + identifier_length(text, u.at);
  }
  out.append(text.substr(done));
  return out;
}

Status check_fragment(Fragment kind, std::string_view text) {
  auto one = parse_one(kind, text);
  return one ? Status::ok() : one.status();
}

Result<std::string> expression_volatile_part(std::string_view text) {
  auto one = parse_one(Fragment::expression, text);
  if (!one) {
    return one.status();
  }
  const auto& select = one->tree->at("SelectStmt");
  const auto* target = detail::wrapped(detail::list(select, "targetList")[0], "ResTarget");
  const auto* val = target ? detail::object(*target, "val") : nullptr;
  if (!val) {
    return Status::error(Code::invalid_input, "must be a single expression");
  }
  return volatile_part(*val);
}

}  // namespace pgshift::sql
