#include "sql/fragment.hpp"

#include <nlohmann/json.hpp>

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

}  // namespace

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
