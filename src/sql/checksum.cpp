#include "sql/checksum.hpp"

#include "core/checksum.hpp"
#include "sql/scan.hpp"

namespace pgshift::sql {
namespace {

// Versioned prefixes: a change to the encoding below must bump them, so that old and new
// checksums can never be confused.
constexpr std::string_view k_section_prefix = "pgshift-normalized-v1\n";
constexpr std::string_view k_statement_prefix = "pgshift-statement-v1\n";

// One letter per token class. The scanner's token numbers are deliberately NOT hashed: they
// change between libpg_query releases (and a word can move from identifier to keyword when
// PostgreSQL reserves it), which would turn a library upgrade into checksum drift on every
// applied file. The class plus the canonical text identify the token just as well, because the
// scanner derives the token from the text.
char class_letter(detail::TokenClass cls) {
  switch (cls) {
    case detail::TokenClass::word:
      return 'w';
    case detail::TokenClass::quoted_ident:
      return 'i';
    case detail::TokenClass::string:
      return 's';
    case detail::TokenClass::number:
      return 'n';
    case detail::TokenClass::param:
      return 'p';
    case detail::TokenClass::comment:
      return 'c';
    case detail::TokenClass::other:
      break;
  }
  return 'o';
}

// `<class> <byte length>:<canonical text>\n` per token, comments skipped. The length prefix
// makes the encoding unambiguous whatever bytes a literal holds.
std::optional<detail::ScanError> encode(std::string_view sql, std::string& out) {
  detail::ScanOutput scanned = detail::scan(sql);
  if (scanned.error) {
    return scanned.error;
  }
  for (const detail::Token& token : scanned.tokens) {
    if (token.cls == detail::TokenClass::comment) {
      continue;
    }
    const std::string text = detail::canonical_text(sql, token);
    out += class_letter(token.cls);
    out += ' ';
    out += std::to_string(text.size());
    out += ':';
    out += text;
    out += '\n';
  }
  return std::nullopt;
}

Status scan_error_status(std::string_view sql, const detail::ScanError& error) {
  const core::Position pos = core::position_of(sql, error.offset);
  return Status::error(Code::invalid_input, "line " + std::to_string(pos.line) + ", column " +
                                                std::to_string(pos.column) + ": " + error.message);
}

}  // namespace

Result<std::string> normalized_tokens(std::string_view sql) {
  std::string out;
  if (auto error = encode(sql, out)) {
    return scan_error_status(sql, *error);
  }
  return out;
}

Result<std::string> section_checksum(const core::Section& section, ChecksumMode mode) {
  if (mode == ChecksumMode::exact) {
    // The directives are comment lines of the text itself, so they count here too.
    return core::sha256_hex(section.text);
  }
  std::string input(k_section_prefix);
  input += section.directives.file.canonical();
  input += "\n--\n";
  if (auto error = encode(section.text, input)) {
    return detail::section_error(section, error->offset, error->message);
  }
  return core::sha256_hex(input);
}

Result<std::string> statement_checksum(std::string_view statement) {
  std::string input(k_statement_prefix);
  if (auto error = encode(statement, input)) {
    return scan_error_status(statement, *error);
  }
  return core::sha256_hex(input);
}

}  // namespace pgshift::sql
