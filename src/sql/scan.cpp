#include "sql/scan.hpp"

#include <algorithm>
#include <cstdint>

#include "sql/pg_query_handle.hpp"

namespace pgshift::sql::detail {
namespace {

// PostgreSQL's scanner whitespace ({space} in scan.l).
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

// \r\n -> \n, so that a file checked out with Windows line endings hashes the same.
std::string lf_only(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      continue;
    }
    out += s[i];
  }
  return out;
}

TokenClass class_of(const PgQuery__ScanToken& t, std::string_view text) {
  switch (t.token) {
    case PG_QUERY__TOKEN__SQL_COMMENT:
    case PG_QUERY__TOKEN__C_COMMENT:
      return TokenClass::comment;
    default:
      break;
  }
  if (t.keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD) {
    return TokenClass::word;
  }
  switch (t.token) {
    case PG_QUERY__TOKEN__IDENT:
      return !text.empty() && text.front() == '"' ? TokenClass::quoted_ident : TokenClass::word;
    case PG_QUERY__TOKEN__UIDENT:
      return TokenClass::quoted_ident;
    case PG_QUERY__TOKEN__SCONST:
    case PG_QUERY__TOKEN__USCONST:
    case PG_QUERY__TOKEN__BCONST:
    case PG_QUERY__TOKEN__XCONST:
      return TokenClass::string;
    case PG_QUERY__TOKEN__ICONST:
    case PG_QUERY__TOKEN__FCONST:
      return TokenClass::number;
    case PG_QUERY__TOKEN__PARAM:
      return TokenClass::param;
    default:
      return TokenClass::other;
  }
}

// A quoted string token, possibly continued over lines: the scanner glues 'a'<newline>'b' into
// one token whose text holds the whitespace (and -- comments) between the pieces. That gap is
// not part of the value, so it is rewritten as one newline; the pieces and the prefix (E, B, X,
// U&, in any case) are kept. Anything unexpected is hashed as written, which is merely strict.
std::string canonical_string(std::string_view raw) {
  if (raw.empty() || raw.front() == '$') {
    return lf_only(raw);  // dollar quoting: no prefix, no continuation
  }
  const std::size_t q = raw.find('\'');
  if (q == std::string_view::npos) {
    return lf_only(raw);
  }
  const std::string prefix = ascii_lower(raw.substr(0, q));
  const bool backslash_escapes = prefix == "e";
  std::string out = prefix;
  std::size_t i = q;
  bool first = true;
  while (true) {
    if (i >= raw.size() || raw[i] != '\'') {
      return lf_only(raw);
    }
    ++i;
    std::string piece;
    bool closed = false;
    while (i < raw.size()) {
      const char c = raw[i];
      if (c == '\'') {
        if (i + 1 < raw.size() && raw[i + 1] == '\'') {
          piece += "''";
          i += 2;
          continue;
        }
        closed = true;
        ++i;
        break;
      }
      if (backslash_escapes && c == '\\' && i + 1 < raw.size()) {
        piece += raw.substr(i, 2);
        i += 2;
        continue;
      }
      piece += c;
      ++i;
    }
    if (!closed) {
      return lf_only(raw);
    }
    out += first ? "'" : "\n'";
    out += lf_only(piece);
    out += '\'';
    first = false;
    if (i == raw.size()) {
      return out;
    }
    while (i < raw.size() && raw[i] != '\'') {
      if (is_space(raw[i])) {
        ++i;
      } else if (raw.substr(i, 2) == "--") {
        while (i < raw.size() && raw[i] != '\n' && raw[i] != '\r') {
          ++i;
        }
      } else {
        return lf_only(raw);
      }
    }
  }
}

}  // namespace

std::optional<std::size_t> find_nul(std::string_view text) {
  const std::size_t at = text.find('\0');
  if (at == std::string_view::npos) {
    return std::nullopt;
  }
  return at;
}

std::size_t byte_offset_of_cursor(std::string_view text, int cursorpos) {
  std::size_t offset = 0;
  for (int skipped = 1; skipped < cursorpos && offset < text.size(); ++skipped) {
    ++offset;
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) {
      ++offset;
    }
  }
  return offset;
}

ScanOutput scan(std::string_view sql) {
  ScanOutput out;
  if (auto nul = find_nul(sql)) {
    out.error = ScanError{"unexpected NUL byte", *nul};
    return out;
  }
  const std::string owned(sql);  // libpg_query wants a NUL-terminated string
  const ScanHandle result(pg_query_scan(owned.c_str()));
  if (result->error != nullptr) {
    out.error = ScanError{result->error->message != nullptr ? result->error->message : "scan error",
                          byte_offset_of_cursor(sql, result->error->cursorpos)};
    return out;
  }
  const UnpackedScan unpacked(pg_query__scan_result__unpack(
      nullptr, result->pbuf.len, reinterpret_cast<const std::uint8_t*>(result->pbuf.data)));
  if (!unpacked) {
    out.error = ScanError{"cannot decode the scanner's token stream", 0};
    return out;
  }
  const std::size_t n = unpacked->n_tokens;
  out.tokens.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const PgQuery__ScanToken& t = *unpacked->tokens[i];
    const std::size_t start = std::min(static_cast<std::size_t>(std::max(t.start, 0)), sql.size());
    // The token runs up to the next token less the whitespace in between. The scanner's own
    // `end` is only a fallback: it is wrong for U&'...' (empty) and U&"..." (one byte).
    std::size_t end = i + 1 < n
                          ? static_cast<std::size_t>(std::max(unpacked->tokens[i + 1]->start, 0))
                          : sql.size();
    end = std::clamp(end, start, sql.size());
    while (end > start && is_space(sql[end - 1])) {
      --end;
    }
    if (end == start) {
      end = std::clamp(static_cast<std::size_t>(std::max(t.end, 0)), start, sql.size());
    }
    Token token;
    token.start = start;
    token.end = end;
    token.kind = t.token;
    token.cls = class_of(t, sql.substr(start, end - start));
    out.tokens.push_back(token);
  }
  return out;
}

Cuts statement_cuts(const std::string& sql) {
  Cuts out;
  const SplitHandle split(pg_query_split_with_scanner(sql.c_str()));
  if (split->error != nullptr) {
    out.error = ScanError{split->error->message != nullptr ? split->error->message : "scan error",
                          byte_offset_of_cursor(sql, split->error->cursorpos)};
    return out;
  }
  out.offsets.reserve(static_cast<std::size_t>(std::max(split->n_stmts, 0)));
  for (int i = 0; i < split->n_stmts; ++i) {
    // The statement's range stops before its `;`; the last one may have none.
    const std::size_t end = static_cast<std::size_t>(std::max(split->stmts[i]->stmt_location, 0)) +
                            static_cast<std::size_t>(std::max(split->stmts[i]->stmt_len, 0));
    if (end < sql.size() && sql[end] == ';') {
      out.offsets.push_back(end + 1);
    }
  }
  return out;
}

core::Position file_position(const core::Section& section, std::size_t offset) {
  core::Position pos = core::position_of(section.text, offset);
  pos.line += section.first_line - 1;
  return pos;
}

core::Position file_position(const core::Section& section, const core::PositionIndex& index,
                             std::size_t offset) {
  core::Position pos = index.at(offset);
  pos.line += section.first_line - 1;
  return pos;
}

Status section_error(const core::Section& section, std::size_t offset, const std::string& message) {
  return core::input_error(section.path, file_position(section, offset), message);
}

std::string canonical_text(std::string_view sql, const Token& token) {
  const std::string_view raw = sql.substr(token.start, token.end - token.start);
  switch (token.cls) {
    case TokenClass::word:
      return ascii_lower(raw);
    case TokenClass::quoted_ident:
      if (raw.size() >= 2 && (raw[0] == 'u' || raw[0] == 'U') && raw[1] == '&') {
        return "u&" + lf_only(raw.substr(2));
      }
      return lf_only(raw);
    case TokenClass::string:
      return canonical_string(raw);
    case TokenClass::comment:
    case TokenClass::number:
    case TokenClass::param:
    case TokenClass::other:
      break;
  }
  return std::string(raw);
}

}  // namespace pgshift::sql::detail
