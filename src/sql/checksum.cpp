#include "sql/checksum.hpp"

#include "core/checksum.hpp"
#include "sql/scan.hpp"

namespace pgshift::sql {
namespace {

// Versioned prefixes: a change to the encoding below must bump them, so that old and new
// checksums can never be confused.
constexpr std::string_view k_section_prefix = "pgshift-normalized-v1\n";
constexpr std::string_view k_statement_prefix = "pgshift-statement-v1\n";

// A section is scanned about this much at a time.
constexpr std::size_t k_piece_bytes = 64 * 1024;

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

Result<std::string> section_checksum(const core::Section& section, ChecksumMode mode,
                                     const CancelToken* cancel) {
  if (mode == ChecksumMode::exact) {
    // The directives are comment lines of the text itself, so they count here too.
    return core::sha256_hex(section.text);
  }
  core::Sha256 hash;
  hash.update(k_section_prefix);
  hash.update(section.directives.file.canonical());
  hash.update("\n--\n");
  // Piece by piece, cut where the scanner ends a statement (the tokens are the same as
  // scanning the whole text): scanning a 50 MB seed file in one go held gigabytes of tokens.
  const std::string& text = section.text;
  detail::Cuts cuts = detail::statement_cuts(text);
  if (cuts.error) {
    const detail::ScanError error = *cuts.error;
    cuts = detail::statement_cuts(text.substr(0, error.offset));
    if (cuts.error) {
      return detail::section_error(section, error.offset, error.message);
    }
  }
  std::size_t from = 0;
  std::size_t next_cut = 0;
  std::string encoded;
  while (from < text.size()) {
    if (cancel != nullptr && cancel->requested()) {
      return Status::error(Code::interrupted, section.path + ": interrupted while reading");
    }
    while (next_cut < cuts.offsets.size() &&
           (cuts.offsets[next_cut] <= from || cuts.offsets[next_cut] - from < k_piece_bytes)) {
      ++next_cut;
    }
    const std::size_t to = next_cut < cuts.offsets.size() ? cuts.offsets[next_cut] : text.size();
    encoded.clear();
    if (auto error = encode(std::string_view(text).substr(from, to - from), encoded)) {
      return detail::section_error(section, from + error->offset, error->message);
    }
    hash.update(encoded);
    from = to;
  }
  return hash.hex_digest();
}

Result<std::string> statement_checksum(std::string_view statement) {
  std::string input(k_statement_prefix);
  if (auto error = encode(statement, input)) {
    return scan_error_status(statement, *error);
  }
  return core::sha256_hex(input);
}

}  // namespace pgshift::sql
