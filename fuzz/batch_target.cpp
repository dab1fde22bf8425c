// Fuzz target: the backfill batch target of an UPDATE or DELETE (src/sql/batch_target: the
// table, alias, SET list and WHERE clause as written), then the keyset batch statements the
// backfill builds from it (backfill::batch_sql).
//
// Input: the rest of a statement after "UPDATE " (first byte even) or "DELETE FROM " (odd),
// e.g. "t SET a = 1 WHERE b". Property: a target that can be batched yields batch statements
// that parse, each as one statement: the user's SET and WHERE text is spliced in whole.
#include "backfill/batch_sql.hpp"
#include "fuzz.hpp"
#include "sql/parse.hpp"

using namespace pgshift;

namespace {

void must_parse(const std::string& text) {
  core::Section s;
  s.path = "batch.sql";
  s.text = text;
  auto parsed = sql::parse_section(s);
  fuzz::expect(parsed.is_ok(), "a batch statement parses",
               text + "\n" + (parsed ? std::string() : parsed.status().message()));
  fuzz::expect(parsed->size() == 1, "a batch statement is one statement", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > fuzz::k_max_input) {
    return -1;
  }
  core::Section section;
  section.path = "m.sql";
  section.text = std::string(data[0] % 2 == 0 ? "UPDATE " : "DELETE FROM ") +
                 fuzz::text_of(data + 1, size - 1);
  if (!fuzz::parser_input(section.text)) {
    return -1;
  }
  auto statements = sql::parse_section(section);
  if (!statements || statements->empty()) {
    return 0;
  }
  for (const auto& st : *statements) {
    if (!st.batch || !st.batch->unsupported.empty()) {
      continue;
    }
    const sql::BatchTarget& t = *st.batch;
    fuzz::expect(!t.table.empty(), "a batch target names its table", st.text);
    fuzz::expect(t.remove == (st.node == "DeleteStmt"), "DELETE and only DELETE removes rows");
    fuzz::expect(t.remove || !t.set_sql.empty(), "an UPDATE target has a SET list", st.text);
    backfill::Spec spec;
    spec.name = "fuzz";
    spec.schema = t.schema;
    spec.table = t.table;
    spec.alias = t.alias;
    spec.set_sql = t.set_sql;
    spec.where_sql = t.where_sql;
    spec.remove = t.remove;
    backfill::Table table;
    table.schema = t.schema.empty() ? "public" : t.schema;
    table.name = t.table;
    table.key = {{"id", "bigint", ""}, {"k", "text", ""}};
    // The SET list and WHERE go through sql::spliceable: a fragment it refuses is an input
    // error (one line), not batch SQL.
    const auto batch = backfill::batch_sql(spec, table, "\"pgshift\".\"backfills\"");
    if (!batch) {
      fuzz::expect_one_line_error(batch.status().message());
      continue;
    }
    must_parse(batch->first);
    must_parse(batch->next);
  }
  return 0;
}
