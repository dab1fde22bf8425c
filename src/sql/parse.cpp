#include "sql/parse.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "core/position.hpp"
#include "sql/checksum.hpp"
#include "sql/classify.hpp"
#include "sql/depth.hpp"
#include "sql/pg_query_handle.hpp"
#include "sql/scan.hpp"

namespace pgshift::sql {
namespace {

using nlohmann::json;

constexpr std::string_view k_backslash_error = "syntax error at or near \"\\\"";

// Statements are parsed a piece of about this size at a time: libpg_query's JSON tree and its
// nlohmann form take 50 to 100 times the text, so parsing a 50 MB seed file in one call took
// gigabytes; in pieces, only the statements kept grow with the file.
constexpr std::size_t k_piece_bytes = 64 * 1024;

std::string too_deep() {
  return "statement is nested too deeply: its parse tree is more than " +
         std::to_string(detail::k_max_tree_depth) +
         " levels deep (split it, or shorten its chains of operators, JOINs or UNIONs)";
}

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

Status parse_error(const core::Section& section, std::size_t offset, const PgQueryError& error) {
  const std::string_view text = section.text;
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

// Whether to keep the tree of a statement for the linter. An INSERT keeps only its ON CONFLICT
// clause, and no tree without one: its rows, columns and query are nearly all of a seed-data
// file's trees (3 kB an INSERT of one row), no lint rule reads them, and the relations they
// name are in the statement's effects already (classified before this).
bool keep_for_lint(json& node) {
  const auto insert = node.find("InsertStmt");
  if (insert == node.end() || !insert->is_object()) {
    return true;
  }
  const auto conflict = insert->find("onConflictClause");
  if (conflict == insert->end()) {
    return false;
  }
  json kept = json::object();
  kept["onConflictClause"] = std::move(*conflict);
  *insert = std::move(kept);
  return true;
}

// Parses a section piece by piece, appending to `out`.
class SectionParser {
 public:
  SectionParser(const core::Section& section, const ParseOptions& options,
                std::vector<Statement>& out)
      : m_section(section),
        m_text(section.text),
        m_options(options),
        m_positions(m_text),
        m_out(out) {}

  Status run() {
    detail::Cuts cuts = detail::statement_cuts(m_text);
    if (cuts.error) {
      // Cut only the text before the token the scanner chokes on: the piece that holds it
      // reports the first error in text order, as parsing it whole would.
      cuts = detail::statement_cuts(m_text.substr(0, cuts.error->offset));
      if (cuts.error) {
        return detail::section_error(m_section, cuts.error->offset, cuts.error->message);
      }
    }
    if (cuts.offsets.size() > k_max_statements) {
      std::size_t next = cuts.offsets[k_max_statements - 1];  // the statement after the limit
      while (next < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[next]))) {
        ++next;
      }
      return detail::section_error(
          m_section, next,
          "more than " + std::to_string(k_max_statements) +
              " statements in one file (pgshift's limit): split it into several migrations");
    }
    // At most one statement per cut and one after the last: no reallocation while it grows.
    m_out.reserve(m_out.size() + cuts.offsets.size() + 1);
    std::size_t from = 0;  // the next piece begins here
    std::size_t next_cut = 0;
    std::size_t want = k_piece_bytes;
    while (from < m_text.size()) {
      if (m_options.cancel != nullptr && m_options.cancel->requested()) {
        return Status::error(Code::interrupted, m_section.path + ": interrupted while parsing");
      }
      while (next_cut < cuts.offsets.size() && cuts.offsets[next_cut] <= from) {
        ++next_cut;
      }
      std::size_t c = next_cut;
      while (c < cuts.offsets.size() && cuts.offsets[c] - from < want) {
        ++c;
      }
      const std::size_t to = c < cuts.offsets.size() ? cuts.offsets[c] : m_text.size();
      Result<bool> done = piece(from, to);
      if (!done) {
        return done.status();
      }
      if (*done) {
        from = to;
        want = k_piece_bytes;
      } else {
        want *= 2;  // it ended inside a statement (a BEGIN ATOMIC body): take more
      }
    }
    return Status::ok();
  }

 private:
  // Parses the statements of text[from, to); false when the piece ends inside a statement.
  // A piece after the first starts one byte early, at the `;` that ends the one before, so that
  // no node of its tree sits at offset 0 (libpg_query leaves a location of 0 out of its JSON).
  Result<bool> piece(std::size_t from, std::size_t to) {
    const std::size_t base = from == 0 ? 0 : from - 1;
    const std::string text = m_text.substr(base, to - base);
    const bool last = to == m_text.size();

    // The tokens first: they bound the depth before libpg_query recurses over the tree.
    detail::ScanOutput scanned = detail::scan(text);
    const std::vector<detail::Token>& tokens = scanned.tokens;
    if (!scanned.error) {
      if (auto deep = detail::chains_too_deep(tokens)) {
        return detail::section_error(m_section, base + tokens[*deep].start, too_deep());
      }
    }
    // With a scan error the parse fails too (it reads the same tokens), and reports the first
    // error in the piece, which may be a syntax error before the bad token.
    const detail::ParseHandle parsed(pg_query_parse(text.c_str()));
    if (scanned.error && parsed->error == nullptr) {
      return detail::section_error(m_section, base + scanned.error->offset, scanned.error->message);
    }
    if (parsed->error != nullptr) {
      const std::size_t offset = detail::byte_offset_of_cursor(text, parsed->error->cursorpos);
      if (offset >= text.size() && !last) {
        return false;
      }
      return parse_error(m_section, base + offset, *parsed->error);
    }
    json tree;
    try {
      tree = json::parse(parsed->parse_tree);
    } catch (const json::exception& e) {
      return Status::error(Code::failed,
                           "cannot read libpg_query's parse tree: " + std::string(e.what()));
    }
    const auto stmts = tree.find("stmts");
    if (stmts == tree.end() || !stmts->is_array()) {
      return true;  // nothing but comments and whitespace
    }
    std::size_t t = 0;  // tokens before t belong to earlier statements
    for (json& raw : *stmts) {
      PGSHIFT_TRY(statement(text, base, tokens, raw, t));
    }
    return true;
  }

  // One statement of the piece `text` (at `base` in the section), whose tokens start at or
  // after tokens[t]; advances t past them.
  Status statement(const std::string& text, std::size_t base,
                   const std::vector<detail::Token>& tokens, json& raw, std::size_t& t) {
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
      return Status::ok();  // nothing but comments and semicolons: not a statement
    }

    Statement s;
    s.text = text.substr(tokens[first].start, tokens[last - 1].end - tokens[first].start);
    s.offset = base + tokens[first].start;
    const core::Position pos = detail::file_position(m_section, m_positions, s.offset);
    s.line = pos.line;
    s.column = pos.column;
    const auto node = raw.find("stmt");
    if (node != raw.end() && node->is_object() && !node->empty()) {
      if (detail::settle_tree(*node, static_cast<long>(base))) {
        return detail::section_error(m_section, s.offset, too_deep());
      }
      s.node = node->begin().key();
      detail::Classification c = detail::classify(s.node, node->begin().value());
      s.tx = c.tx;
      s.needs_autocommit = c.needs_autocommit;
      s.effects = std::move(c.effects);
      if (c.concurrent_index) {
        s.concurrent_index = std::make_shared<const IndexTarget>(std::move(*c.concurrent_index));
      }
      if (auto batch =
              detail::batch_target(s.node, node->begin().value(), text, tokens, first, last)) {
        s.batch = std::make_shared<const BatchTarget>(std::move(*batch));
      }
      if (m_options.keep_tree && keep_for_lint(*node)) {
        s.tree = std::make_shared<const json>(std::move(*node));
      }
    }
    if (m_options.checksums) {
      Result<std::string> checksum = statement_checksum(s.text);
      if (!checksum) {
        return detail::section_error(m_section, s.offset, checksum.status().message());
      }
      s.checksum = std::move(checksum.value());
    }
    m_out.push_back(std::move(s));
    return Status::ok();
  }

  const core::Section& m_section;
  const std::string& m_text;
  const ParseOptions& m_options;
  const core::PositionIndex m_positions;
  std::vector<Statement>& m_out;
};

}  // namespace

Result<std::vector<Statement>> parse_section(const core::Section& section) {
  return parse_section(section, ParseOptions{});
}

Result<std::vector<Statement>> parse_section(const core::Section& section,
                                             const ParseOptions& options) {
  if (auto nul = detail::find_nul(section.text)) {
    return detail::section_error(section, *nul, "unexpected NUL byte");
  }
  std::vector<Statement> statements;
  PGSHIFT_TRY(SectionParser(section, options, statements).run());
  return statements;
}

}  // namespace pgshift::sql
