#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "ops/plan_json.hpp"
#include "ops/registry.hpp"
#include "support.hpp"

using namespace pgshift;
using namespace pgshift::ops;
using namespace pgshift::ops::test;

TEST_CASE("ops::read_ops_file") {
  SUBCASE("operations are read in file order with their positions") {
    OpsFile f = read(R"(
[[operations]]
op = "rename_column"
table = "users"
from = "name"
to = "full_name"

[[operations]]
op = "add_column"
table = "users"
column = { name = "nick", type = "text" }
)");
    REQUIRE(f.operations.size() == 2);
    CHECK(std::string(f.operations[0]->type()) == "rename_column");
    CHECK(f.operations[0]->pos.line == 2);
    CHECK(f.operations[1]->ordinal == 2);
    CHECK(f.schema == "public");
    CHECK(f.env().version_schema == "public_12_change");
  }
  SUBCASE("bad input names the file, line and column") {
    // table: (toml, expected part of the message)
    const std::pair<const char*, const char*> cases[] = {
        {"[[operations]]\nop = \"add_colum\"\n",
         "m/12_change.toml:2:6: unknown operation \"add_colum\""},
        {"[[operations]]\ntable = \"users\"\n",
         "m/12_change.toml:1:1: operation 1 has no \"op\" field"},
        {"[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = \"a\"\nto = "
         "\"b\"\nnulable = true\n",
         "m/12_change.toml:6:1: rename_column: unknown field \"nulable\""},
        {"[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = \"a\"\n",
         "m/12_change.toml:1:1: rename_column: missing required field \"to\""},
        {"schema = \"public\"\n", "no operations"},
        {"colour = 1\n[[operations]]\nop = \"rename_column\"\n",
         "m/12_change.toml:1:1: operations file: unknown field \"colour\""},
        {"[[operations]]\nop = \"add_column\"\ntable = \"users\"\ncolumn = { name = \"x\", type = "
         "\"int) FROM pg_class; --\" }\n",
         "m/12_change.toml:4:31: column of add_column: \"type\" closes a parenthesis it did not "
         "open"},
        {"[[operations]]\nop = \"add_column\"\ntable = \"users\"\ncolumn = { name = \"x\", type = "
         "\"text\" }\nup = \"lower(\"\n",
         "m/12_change.toml:5:6: add_column: \"up\" leaves a parenthesis open"},
        {"[[operations]]\nop = \"add_column\"\ntable = \"users\"\ncolumn = { name = \"x\", type = "
         "\"text\" }\nup = \"1); DROP TABLE users; SELECT (1\"\n",
         "\"up\" closes a parenthesis it did not open"},
        {"[[operations]]\nop = \"add_column\"\ntable = \"users\"\ncolumn = { name = \"x\", type = "
         "\"text\" }\nup = \"lower(name); DROP TABLE users\"\n",
         "\"up\" must be a single expression, without \";\""},
        {"[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = \"email\"\nto = "
         "\"mail\"\n"
         "[[operations]]\nop = \"add_column\"\ntable = \"users\"\ncolumn = { name = \"email\", "
         "type = \"text\" }\n",
         "m/12_change.toml:6:1: conflicting operations: add_column (operation 2) and rename_column "
         "(operation 1, line 1) both change column \"email\" of table \"users\""},
    };
    for (const auto& [toml, expected] : cases) {
      CAPTURE(toml);
      CHECK_MESSAGE(has(read_error(toml), expected), read_error(toml));
    }
  }
  SUBCASE("the registry is sorted and every kind has a summary") {
    std::string previous;
    for (const Kind* k : all_kinds()) {
      CHECK(previous < std::string(k->name));
      CHECK(std::string(k->summary).size() > 10);
      previous = k->name;
    }
  }
}

TEST_CASE("ops::plan_migration") {
  SUBCASE("missing tables and columns are errors at the operation's line") {
    CHECK(has(
        plan_error(
            "[[operations]]\nop = \"rename_column\"\ntable = \"nope\"\nfrom = \"a\"\nto = \"b\"\n"),
        "m/12_change.toml:1:1: rename_column: table \"nope\" does not exist in schema \"public\""));
    CHECK(has(plan_error("[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = "
                         "\"a\"\nto = \"b\"\n"),
              "column \"a\" does not exist on table \"users\" (it has: id, name, email, age)"));
  }
  SUBCASE("every plan creates and drops its version schema, and publishes views of every table") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"rename_column\"\ntable = \"users\"\nfrom = \"name\"\nto = "
        "\"full_name\"\n");
    CHECK(p.version_schema == "public_12_change");
    CHECK(p.expand.front().sql.find("CREATE SCHEMA IF NOT EXISTS \"public_12_change\"") == 0);
    const exec::Step* views = step(p.expand, ".views");
    REQUIRE(views);
    CHECK(has(views->sql,
              "CREATE VIEW public_12_change.users WITH (security_invoker = true) AS "
              "SELECT id, name AS full_name, email, age FROM public.users"));
    CHECK(has(views->sql, "CREATE VIEW public_12_change.orgs"));
    CHECK(has(p.rollback.back().sql, "DROP SCHEMA IF EXISTS public_12_change CASCADE"));
    CHECK(p.rollback.front().id == "12_change.rollback.2.views");
    CHECK(has(all_sql(p.contract), "RENAME COLUMN name TO full_name"));
  }
  SUBCASE("a stored plan reads back the same") {
    MigrationPlan p = plan(
        "[[operations]]\nop = \"add_column\"\ntable = \"users\"\ncolumn = { name = \"nick\", "
        "type = \"text\", nullable = false, unique = true }\nup = \"lower(name)\"\n");
    auto back = plan_from_json(plan_to_json(p));
    REQUIRE(back);
    REQUIRE(back->expand.size() == p.expand.size());
    for (std::size_t i = 0; i < p.expand.size(); ++i) {
      CHECK(back->expand[i].id == p.expand[i].id);
      CHECK(back->expand[i].sql == p.expand[i].sql);
      CHECK(back->expand[i].batch.has_value() == p.expand[i].batch.has_value());
      CHECK(back->expand[i].concurrent_index.has_value() ==
            p.expand[i].concurrent_index.has_value());
      CHECK(back->expand[i].effects.strongest() == p.expand[i].effects.strongest());
    }
    CHECK(back->rollback.size() == p.rollback.size());
  }
}

TEST_CASE("ops: every operation has its docs page, listed in docs/operations/README.md") {
  const char* dir = std::getenv("PGSHIFT_SOURCE_DIR");
  REQUIRE_MESSAGE(dir != nullptr, "PGSHIFT_SOURCE_DIR must name the source tree (ctest sets it)");
  std::ifstream index(std::string(dir) + "/docs/operations/README.md");
  REQUIRE(index.good());
  const std::string readme((std::istreambuf_iterator<char>(index)), {});
  for (const Kind* k : all_kinds()) {
    CAPTURE(k->name);
    const std::string page = std::string(k->name) + ".md";
    CHECK(std::ifstream(std::string(dir) + "/docs/operations/" + page).good());
    CHECK(readme.find("(" + page + ")") != std::string::npos);
  }
}
