#include "sql/fragment.hpp"

#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/quote.hpp"
#include "sql/parse.hpp"
#include "sql/scan.hpp"

using namespace pgshift;
using sql::Fragment;

namespace {

struct Accepted {
  Fragment kind;
  const char* in;
  const char* spliced;  // Spliceable::sql()
};

struct Refused {
  Fragment kind;
  std::string in;
  const char* message;  // part of the error message
};

}  // namespace

TEST_CASE("sql::spliceable") {
  SUBCASE("one fragment of its kind is spliced without its comments, an expression in parens") {
    const Accepted cases[] = {
        {Fragment::expression, "lower(email)", "(lower(email))"},
        {Fragment::expression, "  lower(email)\n", "(lower(email))"},
        // A trailing line comment would swallow the ")" and whatever pgshift writes after it.
        {Fragment::expression, "split_part(full_name, ' ', 1) -- first word",
         "(split_part(full_name, ' ', 1))"},
        {Fragment::condition, "a = 1 /* ) OR (true */ AND b", "(a = 1                  AND b)"},
        {Fragment::condition, "a = 1 -- note\nAND b", "(a = 1        \nAND b)"},
        // Balanced parentheses of its own are the user's business: they stay inside ours.
        {Fragment::condition, "(flag = 'a') OR (flag = 'b')", "((flag = 'a') OR (flag = 'b'))"},
        {Fragment::expression, "'it''s -- not a comment; nor ) this'",
         "('it''s -- not a comment; nor ) this')"},
        {Fragment::expression, "$$ ; ) -- $$ || $x$ /* $x$", "($$ ; ) -- $$ || $x$ /* $x$)"},
        {Fragment::expression, "E'a\\\\b'", "(E'a\\\\b')"},
        {Fragment::expression, "'a'\n'b'", "('a'\n'b')"},            // one string, continued
        {Fragment::expression, "'a' -- c\n'b'", "('a'     \n'b')"},  // still one string
        {Fragment::expression, "x /* a /* nested */ comment */ + 1",
         "(x                              + 1)"},
        {Fragment::expression, "(ARRAY[1, 2])[1]", "((ARRAY[1, 2])[1])"},
        // A SELECT on its own is a scalar subquery (pgroll writes `up` so).
        {Fragment::expression, "SELECT CASE WHEN a IS NULL THEN 'x' ELSE a END -- pgroll",
         "((SELECT CASE WHEN a IS NULL THEN 'x' ELSE a END))"},
        {Fragment::condition, "SELECT count(*) > 0 FROM t WHERE t.id = k",
         "((SELECT count(*) > 0 FROM t WHERE t.id = k))"},
        // With standard_conforming_strings off, the server would read '\' as an open string
        // (and ") OR (true" after it as SQL): the E'...' form reads the same either way.
        {Fragment::condition, "a = '\\' OR b = ') OR (true'", "(a = E'\\\\' OR b = ') OR (true')"},
        {Fragment::condition, "p ~ '^\\d{4}-' -- a year", "(p ~ E'^\\\\d{4}-')"},
        {Fragment::expression, "'it''s \\ ok'\n'\\'", "(E'it''s \\\\ ok'\n'\\\\')"},
        {Fragment::expression, "date'2020-\\1'", "(date E'2020-\\\\1')"},
        {Fragment::expression, "E'\\n' || $$\\$$", "(E'\\n' || $$\\$$)"},  // unchanged
        {Fragment::type, "varchar(20) -- short", "varchar(20)"},
        {Fragment::type, "text[]", "text[]"},
        {Fragment::type, "timestamp with time zone", "timestamp with time zone"},
        {Fragment::type, "\"My Type\"", "\"My Type\""},
        {Fragment::assignments, "n = n + 1 -- c", "n = n + 1"},
        {Fragment::assignments, "a = 1, b = DEFAULT", "a = 1, b = DEFAULT"},
        {Fragment::assignments, "(a, b) = (1, 2)", "(a, b) = (1, 2)"},
    };
    for (const Accepted& c : cases) {
      const std::string in = c.in;
      CAPTURE(in);
      auto s = sql::spliceable(c.kind, c.in);
      REQUIRE_MESSAGE(s, s.status().message());
      CHECK(s->sql() == c.spliced);
      CHECK(s->kind() == c.kind);
      CHECK(sql::check_fragment(c.kind, c.in));
    }
  }

  SUBCASE("anything that is not exactly one fragment on its own is refused") {
    const Refused cases[] = {
        // Closing pgshift's parenthesis: the batch's key range would end there.
        {Fragment::condition, "flag = 'a') OR (flag = 'b'", "closes a parenthesis it did not open"},
        {Fragment::expression, "1); DROP TABLE users; SELECT (1",
         "closes a parenthesis it did not open"},
        {Fragment::type, "int) AS x, CAST(NULL AS int", "closes a parenthesis"},
        {Fragment::expression, "(1", "leaves a parenthesis open"},
        {Fragment::expression, "a[1", "leaves a bracket open"},
        {Fragment::expression, "a]", "closes a bracket it did not open"},
        {Fragment::expression, "1; DROP TABLE users", "without \";\""},
        {Fragment::expression, "lower(x);", "must be a single expression, without \";\""},
        {Fragment::assignments, "n = 1; DELETE FROM t", "must be a SET list"},
        {Fragment::condition, "true /* unterminated", "unterminated /* comment"},
        {Fragment::condition, "true /* a */ */", "syntax error"},
        {Fragment::expression, "'open", "unterminated quoted string"},
        {Fragment::expression, "$x$ open", "unterminated dollar-quoted string"},
        {Fragment::expression, "a AS b", "syntax error at or near \"AS\""},
        {Fragment::expression, "a, b", "syntax error at or near \",\""},
        {Fragment::expression, "*", "syntax error"},
        {Fragment::condition, "true ORDER BY 1", "must be a single expression"},
        {Fragment::condition, "true UNION SELECT 1", "must be a single expression"},
        {Fragment::condition, "true FOR UPDATE", "must be a single expression"},
        {Fragment::condition, "true GROUP BY a", "must be a single expression"},
        {Fragment::condition, "true LIMIT 1", "must be a single expression"},
        {Fragment::expression, "SELECT 1 INTO t", "syntax error at or near \"SELECT\""},
        {Fragment::expression, "SELECT 1; SELECT 2", "without \";\""},
        {Fragment::expression, "DELETE FROM t", "syntax error at or near \"FROM\""},
        {Fragment::type, "SELECT 1", "syntax error"},
        {Fragment::assignments, "SELECT 1", "syntax error"},
        {Fragment::expression, "", "is empty"},
        {Fragment::expression, " \n\t", "is empty"},
        {Fragment::expression, "-- only a comment", "is empty"},
        {Fragment::expression, std::string("1\0) OR (true", 12), "must not contain a NUL byte"},
        // N'...' is the word NCHAR and a string: its E'...' form would change its meaning.
        {Fragment::condition, "a = N'\\'", "holds an N'...' string with a backslash"},
        {Fragment::type, "int, b int", "syntax error"},
        {Fragment::type, "int -- c\n) FROM t WHERE (true", "closes a parenthesis"},
        {Fragment::assignments, "n = 1 WHERE false", "must be a SET list"},
        {Fragment::assignments, "n = 1 RETURNING *", "must be a SET list"},
        {Fragment::assignments, "n = 1 FROM t", "must be a SET list"},
        {Fragment::assignments, "n = 1 -- c\nWHERE false", "must be a SET list"},
    };
    for (const Refused& c : cases) {
      CAPTURE(c.in);
      auto s = sql::spliceable(c.kind, c.in);
      REQUIRE_FALSE(s);
      CHECK(s.status().code() == Code::invalid_input);
      CHECK_MESSAGE(s.status().message().find(c.message) != std::string::npos,
                    s.status().message());
      CHECK_FALSE(sql::check_fragment(c.kind, c.in));
    }
  }

  SUBCASE("a spliced condition stays one operand of the AND around it") {
    // The batch's WHERE: key range AND (user's condition). Whatever the user wrote, the
    // statement's WHERE keeps the key range as its first operand of a top-level AND.
    for (const std::string in : {"a = 1 OR b = 2", "a = 1 -- c", "(a) OR (b)", "NOT a /* x */"}) {
      CAPTURE(in);
      auto s = sql::spliceable(Fragment::condition, in);
      REQUIRE(s);
      core::Section section;
      section.path = "t.sql";
      section.text = "SELECT 1 FROM t WHERE k <= 10 AND " + s->sql() + " ORDER BY k";
      auto parsed = sql::parse_section(section, sql::ParseOptions{true, false});
      REQUIRE_MESSAGE(parsed, parsed.status().message());
      REQUIRE(parsed->size() == 1);
      const auto& select = (*parsed)[0].tree->at("SelectStmt");
      CHECK(select.contains("sortClause"));  // the ORDER BY after it was not swallowed
      const auto& where = select.at("whereClause");
      REQUIRE(where.contains("BoolExpr"));
      CHECK(where.at("BoolExpr").at("boolop") == "AND_EXPR");
      CHECK(where.at("BoolExpr").at("args").size() == 2);
    }
  }
}

TEST_CASE("sql::rename_columns") {
  const std::map<std::string, std::string> names{{"a", "_pgshift_new_a"}, {"b c", "b"}};
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"a > 0", "(\"_pgshift_new_a\" > 0)"},
      {"\"a\" > 0 AND \"b c\" IS NULL", "(\"_pgshift_new_a\" > 0 AND \"b\" IS NULL)"},
      {"t.a > 0", "(t.a > 0)"},  // qualified: left alone
      {"lower(a) = 'a'", "(lower(\"_pgshift_new_a\") = 'a')"},
      {"other + 1", "(other + 1)"},
      {"a + 1 -- uses a", "(\"_pgshift_new_a\" + 1)"},
  };
  for (const Case& c : cases) {
    const std::string in_text = c.in;
    CAPTURE(in_text);
    auto in = sql::spliceable(Fragment::expression, c.in);
    REQUIRE(in);
    auto out = sql::rename_columns(*in, names);
    REQUIRE(out);
    CHECK(out->sql() == c.out);
  }
  auto cols = sql::expression_columns("a + b * a > coalesce(\"X\", 1)");
  REQUIRE(cols);
  CHECK(*cols == std::vector<std::string>{"a", "b", "X"});
}

TEST_CASE("core::dollar_quote read by the real scanner") {
  // Whatever the body holds, the scanner sees one string token: the quote ends where pgshift
  // ends it, never inside the body.
  const char* bodies[] = {
      " BEGIN PERFORM 1; END ",
      "x$pgshift$;DROP TABLE IF EXISTS canary;SELECT $pgshift$",
      "\"x$pgshift$\" $pgshift_1$ $pgshift_2",
      "ends with $pgshift",
      "ends with $",
      "$",
      "",
      "$pgshift_1$$pgshift$",
  };
  for (const std::string body : bodies) {
    CAPTURE(body);
    const std::string quoted = core::dollar_quote(body);
    const auto scanned = sql::detail::scan(quoted);
    REQUIRE_FALSE(scanned.error);
    REQUIRE(scanned.tokens.size() == 1);
    CHECK(scanned.tokens[0].start == 0);
    CHECK(scanned.tokens[0].end == quoted.size());
    const std::size_t tag = quoted.find('$', 1) + 1;
    CHECK(quoted.substr(tag, quoted.size() - 2 * tag) == body);
  }
}
