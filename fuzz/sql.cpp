// Fuzz target: SQL splitting, classification and checksums: sql::parse_section (libpg_query's
// parser and scanner, statement boundaries and positions, transaction control, autocommit
// needs, locks and effects, index and batch targets) and both checksum modes.
//
// Input: the text of a section. Properties: statements come in order with positions inside
// the text; a statement's checksum is that of its text alone, which parses again as one
// statement of the same kind; a trailing newline does not change the normalized checksum.
#include "core/directives.hpp"
#include "fuzz.hpp"
#include "sql/checksum.hpp"
#include "sql/parse.hpp"

using namespace pgshift;

namespace {

void check_statement(const sql::Statement& st, const core::Section& section) {
  fuzz::expect(!st.text.empty(), "a statement has text");
  fuzz::expect(st.offset < section.text.size(), "a statement starts inside the section");
  fuzz::expect(st.line >= section.first_line && st.column >= 1, "a statement has a position");
  auto own = sql::statement_checksum(st.text);
  fuzz::expect(own.is_ok() && *own == st.checksum,
               "a statement's checksum is the checksum of its text alone", st.text);
  core::Section alone;
  alone.path = "alone.sql";
  alone.text = st.text;
  auto again = sql::parse_section(alone);
  fuzz::expect(again.is_ok() && again->size() == 1 && again->front().node == st.node,
               "a statement's text parses again as one statement of the same kind", st.text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::k_max_input) {
    return -1;
  }
  core::Section section;
  section.path = "m.sql";
  section.text = fuzz::text_of(data, size);
  if (!fuzz::parser_input(section.text)) {
    return -1;
  }
  if (auto d = core::parse_directives(section.text, section.path, 1)) {
    section.directives = std::move(d).value();
  }
  auto exact = sql::section_checksum(section, ChecksumMode::exact);
  fuzz::expect(exact.is_ok(), "the exact checksum is defined for any text");
  auto normalized = sql::section_checksum(section, ChecksumMode::normalized);
  (void)sql::normalized_tokens(section.text);
  auto statements = sql::parse_section(section);
  if (!statements) {
    fuzz::expect_one_line_error(statements.status().message());
    fuzz::expect(statements.status().message().rfind("m.sql:", 0) == 0,
                 "a parse error names the file", statements.status().message());
    return 0;
  }
  std::size_t last_offset = 0;
  for (std::size_t i = 0; i < statements->size(); ++i) {
    const auto& st = (*statements)[i];
    fuzz::expect(i == 0 || st.offset > last_offset, "statements come in order");
    last_offset = st.offset;
    check_statement(st, section);
  }
  if (normalized) {
    core::Section more = section;
    more.text += "\n";
    auto again = sql::section_checksum(more, ChecksumMode::normalized);
    fuzz::expect(again.is_ok() && *again == *normalized,
                 "a trailing newline does not change the normalized checksum");
  }
  return 0;
}
