#include "sql/parse.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "sql/checksum.hpp"
#include "sql/classify.hpp"
#include "sql/pg_query_handle.hpp"
#include "sql/scan.hpp"

namespace pgshift::sql {
namespace {

using nlohmann::json;

constexpr std::string_view k_backslash_error = "syntax error at or near \"\\\"";

// The psql meta-command starting at `offset` (a backslash): the backslash and the non-blank
// ASCII characters after it, e.g. "\connect" of "\connect db".
std::string meta_command_at(std::string_view text, std::size_t offset) {
  std::size_t end = offset + 1;
  while (end < text.size() && end - offset < 32) {
    const auto c = static_cast<unsigned char>(text[end]);
    if (c <= ' ' || c >= 0x80 || c == ';') {
      break;
    }
    ++end;
  }
  return std::string(text.substr(offset, end - offset));
}

Status parse_error(const core::Section& section, const PgQueryError& error) {
  const std::string_view text = section.text;
  const std::size_t offset = detail::byte_offset_of_cursor(text, error.cursorpos);
  const std::string message = error.message != nullptr ? error.message : "syntax error";
  if (message == k_backslash_error && offset < text.size() && text[offset] == '\\') {
    return detail::section_error(section, offset,
                                 "psql meta-command \"" + meta_command_at(text, offset) +
                                     "\" is not supported: pgshift runs plain SQL");
  }
  return detail::section_error(section, offset, message);
}

bool is_semicolon(const detail::Token& token) {
  return token.kind == PG_QUERY__TOKEN__ASCII_59;
}

// Index of the first token at or after `from` that can start a statement (not a comment, not an
// empty statement's semicolon), or `tokens.size()`.
std::size_t next_code_token(const std::vector<detail::Token>& tokens, std::size_t from) {
  while (from < tokens.size() &&
         (tokens[from].cls == detail::TokenClass::comment || is_semicolon(tokens[from]))) {
    ++from;
  }
  return from;
}

}  // namespace

Result<std::vector<Statement>> parse_section(const core::Section& section) {
  return parse_section(section, ParseOptions{});
}

Result<std::vector<Statement>> parse_section(const core::Section& section,
                                             const ParseOptions& options) {
  const std::string& text = section.text;
  if (auto nul = detail::find_nul(text)) {
    return detail::section_error(section, *nul, "unexpected NUL byte");
  }
  const detail::ParseHandle parsed(pg_query_parse(text.c_str()));
  if (parsed->error != nullptr) {
    return parse_error(section, *parsed->error);
  }
  // The parser gives each statement's byte range; the scanner gives the tokens inside it, so
  // that the text can be trimmed to its first and last real token (comments and whitespace
  // between statements belong to none of them).
  detail::ScanOutput scanned = detail::scan(text);
  if (scanned.error) {
    return detail::section_error(section, scanned.error->offset, scanned.error->message);
  }
  const std::vector<detail::Token>& tokens = scanned.tokens;

  json tree;
  try {
    tree = json::parse(parsed->parse_tree);
  } catch (const json::exception& e) {
    return Status::error(Code::failed,
                         "cannot read libpg_query's parse tree: " + std::string(e.what()));
  }

  std::vector<Statement> statements;
  const auto stmts = tree.find("stmts");
  if (stmts == tree.end() || !stmts->is_array()) {
    return statements;  // nothing but comments and whitespace
  }
  std::size_t t = 0;  // tokens before t belong to earlier statements
  for (json& raw : *stmts) {
    // stmt_location is absent for the first statement (0), stmt_len for the last (to the end).
    const std::size_t location = raw.value("stmt_location", std::size_t{0});
    const std::size_t length = raw.value("stmt_len", std::size_t{0});
    const std::size_t end = length == 0 ? text.size() : std::min(text.size(), location + length);

    while (t < tokens.size() && tokens[t].start < location) {
      ++t;
    }
    const std::size_t first = next_code_token(tokens, t);
    std::size_t last = first;  // one past the last token of the statement
    for (std::size_t i = first; i < tokens.size() && tokens[i].start < end; ++i) {
      if (tokens[i].cls != detail::TokenClass::comment && !is_semicolon(tokens[i])) {
        last = i + 1;
      }
    }
    if (last == first) {
      continue;  // nothing but comments and semicolons: not a statement
    }

    Statement s;
    s.text = text.substr(tokens[first].start, tokens[last - 1].end - tokens[first].start);
    const core::Position pos = detail::file_position(section, tokens[first].start);
    s.line = pos.line;
    s.column = pos.column;
    s.offset = tokens[first].start;
    const auto node = raw.find("stmt");
    if (node != raw.end() && node->is_object() && !node->empty()) {
      s.node = node->begin().key();
      detail::Classification c = detail::classify(s.node, node->begin().value());
      s.tx = c.tx;
      s.needs_autocommit = c.needs_autocommit;
      s.effects = std::move(c.effects);
      s.concurrent_index = std::move(c.concurrent_index);
      s.batch = detail::batch_target(s.node, node->begin().value(), text, tokens, first, last);
      if (options.keep_tree) {
        s.tree = std::make_shared<const json>(std::move(*node));
      }
    }
    if (options.checksums) {
      Result<std::string> checksum = statement_checksum(s.text);
      if (!checksum) {
        return detail::section_error(section, tokens[first].start, checksum.status().message());
      }
      s.checksum = std::move(checksum.value());
    }
    statements.push_back(std::move(s));
  }
  return statements;
}

}  // namespace pgshift::sql
