// Every registered operation planned with names built to break out of the SQL pgshift generates
// (a dollar-quote tag, quotes, comment starts, a backslash, a statement to inject) and with
// fragments that end in a line comment: the generated SQL must hold each name as one quoted
// identifier or literal, and have the same statements as with plain names.
#include <doctest/doctest.h>

#include <map>

#include "core/quote.hpp"
#include "ops/registry.hpp"
#include "sql/parse.hpp"
#include "sql/scan.hpp"
#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

namespace {

// Placeholder -> name. Hostile names differ only by their first letters, so that each is
// unique where it must be; all fit in 63 bytes.
using Names = std::map<std::string, std::string>;

std::string hostile(const std::string& prefix) {
  return prefix + "$pgshift$;DROP TABLE IF EXISTS canary;--\"'\\*/";
}

Names hostile_names() {
  Names n;
  for (const char* p : {"T", "T2", "C1", "C2", "C3", "C4", "K1", "I1", "P1", "N", "N2"}) {
    n[p] = hostile(std::string(p) + "_");
  }
  // Schema names are letters, digits, '_' and '$' (and the version schema's name must fit in
  // 63 bytes), which still holds a dollar-quote tag.
  n["S"] = "s$pgshift$x";
  n["COMMENT"] = "say $pgshift$;DROP TABLE canary;-- and '\\' \"";
  return n;
}

Names plain_names() {
  Names n;
  for (const char* p : {"T", "T2", "C1", "C2", "C3", "C4", "K1", "I1", "P1", "N", "N2"}) {
    n[p] = std::string("n_") + p;
  }
  n["S"] = "app";
  n["COMMENT"] = "a comment";
  return n;
}

// The model: table T (id PK, C1 text with index I1, C2 text NOT NULL, C3 integer with check
// K1, C4 text) and T2 (id PK), in schema S.
Model model_of(const Names& n) {
  Model m;
  m.schema = n.at("S");
  Table t;
  t.name = t.physical = n.at("T");
  t.columns = {{"id", "id", "bigint", false, std::nullopt, std::nullopt},
               {n.at("C1"), n.at("C1"), "text", true, std::nullopt, std::nullopt},
               {n.at("C2"), n.at("C2"), "text", false, std::nullopt, std::nullopt},
               {n.at("C3"), n.at("C3"), "integer", true, std::string("0"), std::nullopt},
               {n.at("C4"), n.at("C4"), "text", true, std::nullopt, std::nullopt}};
  t.primary_key = {"id"};
  t.constraints = {{n.at("P1"), 'p', {"id"}}, {n.at("K1"), 'c', {n.at("C3")}}};
  t.indexes = {{n.at("P1"), {"id"}, true}, {n.at("I1"), {n.at("C1")}, false}};
  Table t2;
  t2.name = t2.physical = n.at("T2");
  t2.columns = {{"id", "id", "bigint", false, std::nullopt, std::nullopt}};
  t2.primary_key = {"id"};
  t2.constraints = {{n.at("T2") + "_pkey", 'p', {"id"}}};
  t2.indexes = {{n.at("T2") + "_pkey", {"id"}, true}};
  m.tables = {t, t2};
  return m;
}

// One operation of each type, over the model's names. In the templates, {X} is the name X as
// a TOML string, {X:sql} the name X as a quoted SQL identifier inside a TOML string; every
// fragment ends in a line comment.
const std::map<std::string, std::string>& templates() {
  static const std::map<std::string, std::string> k{
      {"add_check",
       "table = {T}\nname = {N}\ncheck = \"{C3:sql} >= 0 -- positive\"\n"
       "up = { {C3} = \"abs({C3:sql}) -- fixed\" }\n"},
      {"add_column",
       "table = {T}\nup = \"lower({C1:sql}) -- first word\"\n"
       "column = { name = {N}, type = \"text -- a type\", nullable = false, unique = true, "
       "default = \"'x' -- d\", check = \"{N:sql} <> '' -- c\", comment = {COMMENT}, "
       "references = { table = {T2}, column = \"id\" } }\n"},
      {"add_foreign_key",
       "table = {T}\nname = {N}\ncolumns = [{C3}]\n"
       "references = { table = {T2}, columns = [\"id\"] }\n"},
      {"add_unique", "table = {T}\nname = {N}\ncolumns = [{C4}]\n"},
      {"change_type",
       "table = {T}\ncolumn = {C4}\ntype = \"varchar(20) -- short\"\n"
       "up = \"left({C4:sql}, 20) -- cut\"\ndown = \"{C4:sql}::text -- back\"\n"
       "default = \"'y' -- d\"\n"},
      {"create_index",
       "name = {N}\ntable = {T}\ncolumns = [{C1}]\ninclude = [{C2}]\n"
       "where = \"{C3:sql} > 0 -- partial\"\n"},
      {"create_table",
       "table = {N}\ncomment = {COMMENT}\ncolumns = [\n"
       "  { name = \"id\", type = \"bigint\", identity = true, primary_key = true },\n"
       "  { name = {N2}, type = \"text -- t\", unique = true, default = \"'z' -- d\", "
       "check = \"{N2:sql} <> '' -- c\", comment = {COMMENT} },\n"
       "  { name = {C1}, type = \"bigint\", references = { table = {T2}, column = \"id\" } },\n"
       "]\n"},
      {"drop_column", "table = {T}\ncolumn = {C4}\ndown = \"'gone' -- d\"\n"},
      {"drop_constraint", "table = {T}\nname = {K1}\n"},
      {"drop_index", "name = {I1}\n"},
      {"drop_not_null", "table = {T}\ncolumn = {C2}\ndown = \"'none' -- d\"\n"},
      {"drop_table", "table = {T2}\n"},
      {"raw_sql", "up = \"SELECT 1 -- up\"\ndown = \"SELECT 2 -- down\"\n"},
      {"rename_column", "table = {T}\nfrom = {C1}\nto = {N}\n"},
      {"rename_constraint", "table = {T}\nfrom = {K1}\nto = {N}\n"},
      {"rename_table", "from = {T}\nto = {N}\n"},
      {"set_default", "table = {T}\ncolumn = {C3}\ndefault = \"42 -- answer\"\n"},
      {"set_not_null", "table = {T}\ncolumn = {C3}\nup = \"0 -- zero\"\n"},
      {"set_replica_identity", "table = {T}\nidentity = \"index\"\nindex = {P1}\n"},
  };
  return k;
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "\"";
}

// `tpl` with its placeholders filled from `n`.
std::string fill(std::string tpl, const Names& n) {
  for (const auto& [key, name] : n) {
    const std::string as_sql = core::quote_ident(name);
    const std::string in_toml = toml_string(as_sql);
    for (const auto& [from, to] :
         {std::pair{"{" + key + ":sql}", in_toml.substr(1, in_toml.size() - 2)},
          std::pair{"{" + key + "}", toml_string(name)}}) {
      for (std::size_t at = tpl.find(from); at != std::string::npos; at = tpl.find(from, at)) {
        tpl.replace(at, from.size(), to);
        at += to.size();
      }
    }
  }
  return tpl;
}

MigrationPlan plan_with(const std::string& kind, const Names& n) {
  const std::string toml = "schema = " + toml_string(n.at("S")) + "\n[[operations]]\nop = \"" +
                           kind + "\"\n" + fill(templates().at(kind), n);
  auto f = read_ops_file(source(toml));
  REQUIRE_MESSAGE(f, f.status().message());
  auto p = plan_migration(*f, model_of(n), 150000);
  REQUIRE_MESSAGE(p, p.status().message());
  return std::move(p).value();
}

// The statements of one step's SQL, as the server will split them.
std::size_t statements_of(const std::string& sql) {
  core::Section s;
  s.path = "step.sql";
  s.text = sql;
  auto parsed = sql::parse_section(s, sql::ParseOptions{false, false});
  REQUIRE_MESSAGE(parsed, std::string(parsed.status().message() + "\n" + sql));
  return parsed->size();
}

// Does `sql` hold the word canary outside every quoted identifier and literal, also inside the
// dollar-quoted bodies (DO blocks, functions), which the server runs as code in turn?
bool canary_is_code(const std::string& sql, int depth = 0) {
  const auto scanned = sql::detail::scan(sql);
  REQUIRE_MESSAGE(!scanned.error, std::string(sql));
  for (const auto& t : scanned.tokens) {
    const std::string text = sql.substr(t.start, t.end - t.start);
    if (t.cls == sql::detail::TokenClass::word && (text == "canary" || text == "CANARY")) {
      return true;
    }
    if (t.cls == sql::detail::TokenClass::string && text.front() == '$' && depth < 3) {
      const std::size_t open = text.find('$', 1) + 1;
      if (canary_is_code(text.substr(open, text.size() - 2 * open), depth + 1)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

TEST_CASE("ops: hostile names and commented fragments stay quoted in every operation's SQL") {
  // A new operation must add its line to templates(): this test covers all of them.
  for (const Kind* kind : all_kinds()) {
    const std::string name = kind->name;
    CAPTURE(name);
    REQUIRE_MESSAGE(templates().count(kind->name), "no hostile-name template");
    const MigrationPlan bad = plan_with(kind->name, hostile_names());
    const MigrationPlan good = plan_with(kind->name, plain_names());
    for (const auto& [phase, hostile_steps, plain_steps] :
         {std::tuple{"expand", &bad.expand, &good.expand},
          std::tuple{"contract", &bad.contract, &good.contract},
          std::tuple{"rollback", &bad.rollback, &good.rollback}}) {
      CAPTURE(phase);
      REQUIRE(hostile_steps->size() == plain_steps->size());
      for (std::size_t i = 0; i < hostile_steps->size(); ++i) {
        const exec::Step& s = (*hostile_steps)[i];
        CAPTURE(s.sql);
        CHECK_FALSE(canary_is_code(s.sql));
        CHECK(statements_of(s.sql) == statements_of((*plain_steps)[i].sql));
        if (s.batch) {
          // The backfill splices these into its batches.
          CHECK(sql::check_fragment(sql::Fragment::assignments, s.batch->target.set_sql));
          CHECK(sql::check_fragment(sql::Fragment::condition, s.batch->target.where_sql));
        }
      }
    }
  }
}
