#include "sql/fragment.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/quote.hpp"
#include "sql/json_tree.hpp"
#include "sql/parse.hpp"
#include "sql/pg_query_handle.hpp"
#include "sql/scan.hpp"
#include "sql/volatility.hpp"

namespace pgshift::sql {

namespace {

// Expressions and conditions are checked as the WHERE of an empty SELECT: WHERE takes exactly one
// expression, where a target list would also take "AS name", "*" or a second column.
constexpr std::string_view k_select_where = "SELECT WHERE ";

// The statement a fragment (its comments already blanked out) is checked in: the fragment
// where the grammar wants exactly one of its kind, and nothing of pgshift's after it that an
// unbalanced fragment could take as its own.
std::string wrap(Fragment kind, std::string_view text) {
  switch (kind) {
    case Fragment::type:
      return "SELECT CAST(NULL AS " + std::string(text) + "\n)";
    case Fragment::assignments:
      return "UPDATE t SET " + std::string(text) + "\n";
    case Fragment::expression:
    case Fragment::condition:
      break;
  }
  return std::string(k_select_where) + std::string(text) + "\n";
}

Status must_be(Fragment kind, const std::string& why = "") {
  const char* what = kind == Fragment::type          ? "a single type name"
                     : kind == Fragment::assignments ? "a SET list (column = expression, ...)"
                                                     : "a single expression";
  return Status::error(Code::invalid_input, std::string("must be ") + what + why);
}

Status refused(const std::string& message) {
  return Status::error(Code::invalid_input, message);
}

// A '...' string holding a backslash reads differently with standard_conforming_strings off
// (the parser that checks fragments reads it with the setting on, the default since 9.1): the
// backslash escapes, so '\' opens a string where the check saw one closed. The E'...' form with
// the backslashes doubled reads the same under both settings.
bool setting_dependent(std::string_view token) {
  return !token.empty() && token.front() == '\'' && token.find('\\') != std::string_view::npos;
}

std::string escape_form(std::string_view token) {
  std::string out = "E";
  for (char c : token) {
    out += c;
    if (c == '\\') {
      out += c;
    }
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// The checks on the fragment's own tokens, and its text as it is spliced: each comment blanked
// out (its newlines kept, so a string continued over lines stays one string), each '...' string
// with a backslash in its E'...' form, the ends trimmed.
Result<std::string> own_tokens(Fragment kind, std::string_view text) {
  if (detail::find_nul(text)) {
    return refused("must not contain a NUL byte");
  }
  const detail::ScanOutput scanned = detail::scan(text);
  if (scanned.error) {
    return refused(scanned.error->message);
  }
  std::string out;
  std::size_t done = 0;  // text before this offset is in `out`
  int parens = 0;
  int brackets = 0;
  for (std::size_t n = 0; n < scanned.tokens.size(); ++n) {
    const detail::Token& t = scanned.tokens[n];
    const std::string_view token = text.substr(t.start, t.end - t.start);
    switch (t.kind) {
      case PG_QUERY__TOKEN__ASCII_40:
        ++parens;
        break;
      case PG_QUERY__TOKEN__ASCII_41:
        if (--parens < 0) {
          return refused("closes a parenthesis it did not open");
        }
        break;
      case PG_QUERY__TOKEN__ASCII_91:
        ++brackets;
        break;
      case PG_QUERY__TOKEN__ASCII_93:
        if (--brackets < 0) {
          return refused("closes a bracket it did not open");
        }
        break;
      case PG_QUERY__TOKEN__ASCII_59:
        return must_be(kind, ", without \";\"");
      default:
        break;
    }
    out.append(text.substr(done, t.start - done));  // the whitespace before the token
    done = t.end;
    if (t.cls == detail::TokenClass::comment) {
      for (char c : token) {
        out += c == '\n' ? '\n' : ' ';
      }
    } else if (t.cls == detail::TokenClass::string && setting_dependent(token)) {
      const detail::Token* before = n > 0 ? &scanned.tokens[n - 1] : nullptr;
      if (before && before->end == t.start) {
        // N'...' is the word NCHAR and a string: N E'...' would be a type named n.
        if (t.start - before->start == 1 && (text[before->start] | 0x20) == 'n') {
          return refused("holds an N'...' string with a backslash: write E'...'");
        }
        out += ' ';  // date'...' -> date E'...'
      }
      out += escape_form(token);
    } else {
      out.append(token);
    }
  }
  out.append(text.substr(done));
  if (parens > 0) {
    return refused("leaves a parenthesis open");
  }
  if (brackets > 0) {
    return refused("leaves a bracket open");
  }
  std::size_t first = 0;
  while (first < out.size() && is_space(out[first])) {
    ++first;
  }
  std::size_t last = out.size();
  while (last > first && is_space(out[last - 1])) {
    --last;
  }
  return out.substr(first, last - first);
}

bool only_keys(const detail::json& body, std::initializer_list<std::string_view> keys) {
  for (const auto& [key, value] : body.items()) {
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      return false;
    }
  }
  return true;
}

// Is `stmt` the wrapper of wrap(kind, ...) holding exactly one fragment and nothing else: no
// FROM, ORDER BY, UNION, second column or WHERE after a SET list?
bool one_fragment(Fragment kind, const Statement& stmt) {
  const detail::json& tree = *stmt.tree;
  if (kind == Fragment::assignments) {
    if (stmt.node != "UpdateStmt") {
      return false;
    }
    const detail::json& update = tree.at("UpdateStmt");
    return only_keys(update, {"relation", "targetList"}) &&
           !detail::list(update, "targetList").empty();
  }
  if (stmt.node != "SelectStmt") {
    return false;
  }
  const detail::json& select = tree.at("SelectStmt");
  if (detail::text(select, "op") != "SETOP_NONE" ||
      detail::text(select, "limitOption") != "LIMIT_OPTION_DEFAULT") {
    return false;
  }
  if (kind != Fragment::type) {
    return only_keys(select, {"whereClause", "limitOption", "op"}) &&
           detail::object(select, "whereClause");
  }
  const detail::json& targets = detail::list(select, "targetList");
  if (!only_keys(select, {"targetList", "limitOption", "op"}) || targets.size() != 1) {
    return false;
  }
  const detail::json* target = detail::wrapped(targets[0], "ResTarget");
  const detail::json* val = target ? detail::object(*target, "val") : nullptr;
  return val && only_keys(*target, {"val", "location"}) && val->contains("TypeCast");
}

struct Parsed {
  std::string text;  // without comments: what is spliced
  Statement statement;
};

// The statements of `text` (the whole of it), parsed with their trees.
Result<std::vector<Statement>> parse_text(std::string text) {
  core::Section section;
  section.path = "fragment";
  section.text = std::move(text);
  auto parsed = parse_section(section, ParseOptions{true, false});
  if (!parsed) {
    // "fragment:1:9: syntax error at ..." -> the reason alone; the caller names the place.
    std::string m = parsed.status().message();
    auto colon = m.find(": ");
    return refused(colon == std::string::npos ? m : m.substr(colon + 2));
  }
  return parsed;
}

// The one statement of the wrapper of `text`, which must hold exactly one fragment.
Result<Statement> parse_wrapped(Fragment kind, const std::string& text) {
  PGSHIFT_ASSIGN_OR_RETURN(auto parsed, parse_text(wrap(kind, text)));
  if (parsed.size() != 1 || !one_fragment(kind, parsed[0])) {
    return must_be(kind);
  }
  return std::move(parsed[0]);
}

// Is `text` one SELECT statement (no INTO) that, in parentheses, is a scalar subquery? pgroll's
// `up` and `down` are often written so ("SELECT CASE WHEN ... END").
bool is_subquery(const std::string& text) {
  auto parsed = parse_text(text);
  return parsed && parsed->size() == 1 && (*parsed)[0].node == "SelectStmt" &&
         !detail::object((*parsed)[0].tree->at("SelectStmt"), "intoClause");
}

// The fragment checked, with the one statement of its wrapper and the tree.
Result<Parsed> parse_one(Fragment kind, std::string_view text) {
  auto own = own_tokens(kind, text);
  if (!own) {
    return own.status();
  }
  if (own->empty()) {
    return refused("is empty");
  }
  auto parsed = parse_wrapped(kind, *own);
  const bool expression = kind == Fragment::expression || kind == Fragment::condition;
  if (!parsed && expression && is_subquery(*own)) {
    // From here on it is the expression "(SELECT ...)".
    *own = "(" + *own + ")";
    parsed = parse_wrapped(kind, *own);
  }
  if (!parsed) {
    return parsed.status();
  }
  return Parsed{std::move(own).value(), std::move(parsed).value()};
}

using nlohmann::json;

constexpr std::size_t k_wrap_offset = k_select_where.size();

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

struct Uses {
  std::string text;  // the fragment without comments, which the offsets of `uses` point into
  std::vector<ColumnUse> uses;
};

Result<Uses> uses_of(Fragment kind, std::string_view text) {
  PGSHIFT_ASSIGN_OR_RETURN(auto one, parse_one(kind, text));
  Uses out{std::move(one.text), {}};
  column_uses(*one.statement.tree, out.uses);
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

std::string Spliceable::sql() const {
  switch (m_kind) {
    case Fragment::type:
    case Fragment::assignments:
      return m_text;
    case Fragment::expression:
    case Fragment::condition:
      break;
  }
  return m_text.empty() ? m_text : "(" + m_text + ")";
}

Result<Spliceable> spliceable(Fragment kind, std::string_view text) {
  PGSHIFT_ASSIGN_OR_RETURN(auto one, parse_one(kind, text));
  return Spliceable(kind, std::move(one.text));
}

Status check_fragment(Fragment kind, std::string_view text) {
  auto one = parse_one(kind, text);
  return one ? Status::ok() : one.status();
}

Result<std::vector<std::string>> expression_columns(std::string_view text) {
  PGSHIFT_ASSIGN_OR_RETURN(auto found, uses_of(Fragment::expression, text));
  std::vector<std::string> out;
  for (const ColumnUse& u : found.uses) {
    if (std::find(out.begin(), out.end(), u.name) == out.end()) {
      out.push_back(u.name);
    }
  }
  return out;
}

Result<Spliceable> rename_columns(const Spliceable& fragment,
                                  const std::map<std::string, std::string>& names) {
  PGSHIFT_ASSIGN_OR_RETURN(auto found, uses_of(fragment.kind(), fragment.text()));
  const std::string& text = found.text;
  std::vector<ColumnUse>& uses = found.uses;
  std::sort(uses.begin(), uses.end(),
            [](const ColumnUse& a, const ColumnUse& b) { return a.at < b.at; });
  std::string out;
  std::size_t done = 0;
  for (const ColumnUse& u : uses) {
    auto it = names.find(u.name);
    if (it == names.end() || u.at < done || u.at >= text.size()) {
      continue;
    }
    out.append(text.substr(done, u.at - done));
    out += core::quote_ident(it->second);
    done = u.at + identifier_length(text, u.at);
  }
  out.append(text.substr(done));
  // Checked again: what is spliced is always what was checked.
  return spliceable(fragment.kind(), out);
}

Result<std::string> expression_volatile_part(std::string_view text) {
  PGSHIFT_ASSIGN_OR_RETURN(auto one, parse_one(Fragment::expression, text));
  const auto* where = detail::object(one.statement.tree->at("SelectStmt"), "whereClause");
  if (!where) {
    return must_be(Fragment::expression);
  }
  return volatile_part(*where);
}

}  // namespace pgshift::sql
