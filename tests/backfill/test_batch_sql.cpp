#include <doctest/doctest.h>

#include "backfill/batch_sql.hpp"

using namespace pgshift;
using namespace pgshift::backfill;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The batch SQL of `spec`; fails the test case when it is refused.
BatchSql made(const Spec& spec, const Table& t) {
  auto sql = batch_sql(spec, t, "\"pgshift\".\"backfills\"");
  REQUIRE_MESSAGE(sql, sql.status().message());
  return std::move(sql).value();
}

Table users() {
  Table t;
  t.schema = "public";
  t.name = "users";
  t.key = {{"id", "bigint", ""}};
  return t;
}

}  // namespace

TEST_CASE("backfill::batch_sql") {
  Spec spec;
  spec.name = "fill";
  spec.table = "users";
  spec.set_sql = "email_lower = lower(email)";
  spec.where_sql = "email_lower IS NULL";
  const std::string history = "\"pgshift\".\"backfills\"";

  SUBCASE("the first batch starts at the smallest key, later ones after the saved cursor") {
    BatchSql sql = made(spec, users());
    CHECK(has(sql.first,
              "SELECT \"id\" AS \"__pgshift_k0\" FROM \"public\".\"users\" ORDER BY "
              "\"id\" LIMIT $1::integer"));
    CHECK_FALSE(has(sql.first, "$3"));
    CHECK(has(sql.next, "WHERE (\"id\") > ($3::bigint) ORDER BY \"id\" LIMIT $1::integer"));
  }
  SUBCASE("keys are chosen without the user's WHERE, which filters only the change") {
    // so that a range where nothing matches still moves the cursor
    BatchSql sql = made(spec, users());
    CHECK(has(sql.next,
              "UPDATE \"public\".\"users\" SET email_lower = lower(email) WHERE "
              "(\"users\".\"id\") <= (SELECT \"__pgshift_k0\" FROM last) AND "
              "(\"users\".\"id\") > ($3::bigint) AND (email_lower IS NULL) RETURNING 1"));
    const auto batch_cte = sql.next.substr(0, sql.next.find("last AS"));
    CHECK_FALSE(has(batch_cte, "email_lower"));
  }
  SUBCASE("the cursor and the counts are saved by the same statement as the change") {
    BatchSql sql = made(spec, users());
    CHECK(has(sql.next, "saved AS (UPDATE \"pgshift\".\"backfills\" SET cursor = "));
    CHECK(has(sql.next, "rows_done = rows_done + (SELECT count(*) FROM changed)"));
    CHECK(has(sql.next, "WHERE name = $2::text AND EXISTS (SELECT 1 FROM batch)"));
  }
  SUBCASE("a composite key compares as a row, with each column's type and collation") {
    Table t = users();
    t.key = {{"tenant", "text", "\"pg_catalog\".\"C\""}, {"id", "uuid", ""}};
    BatchSql sql = made(spec, t);
    CHECK(has(sql.next,
              "WHERE (\"tenant\", \"id\") > ($3::text COLLATE \"pg_catalog\".\"C\", "
              "$4::uuid) ORDER BY \"tenant\", \"id\""));
    CHECK(has(sql.next, "ORDER BY \"__pgshift_k0\" DESC, \"__pgshift_k1\" DESC LIMIT 1"));
    CHECK(has(sql.next, "AS k1"));
  }
  SUBCASE("the change selects the batch's key range on the table itself: one index range scan") {
    BatchSql sql = made(spec, users());
    CHECK(has(sql.next,
              "WHERE (\"users\".\"id\") <= (SELECT \"__pgshift_k0\" FROM last) AND "
              "(\"users\".\"id\") > ($3::bigint)"));
    CHECK(has(sql.first,
              "WHERE (\"users\".\"id\") <= (SELECT \"__pgshift_k0\" FROM last) AND "
              "(email_lower IS NULL)"));
    CHECK_FALSE(has(sql.next, "FROM batch WHERE"));  // no join of the table to the batch
  }
  SUBCASE("an alias written in the statement qualifies the key columns") {
    spec.alias = "u";
    BatchSql sql = made(spec, users());
    CHECK(has(sql.next, "UPDATE \"public\".\"users\" AS \"u\" SET"));
    CHECK(has(sql.next, "(\"u\".\"id\") <= (SELECT \"__pgshift_k0\" FROM last)"));
  }
  SUBCASE("a delete has no SET") {
    spec.remove = true;
    spec.set_sql.clear();
    spec.where_sql.clear();
    BatchSql sql = made(spec, users());
    CHECK(has(sql.next,
              "DELETE FROM \"public\".\"users\" WHERE (\"users\".\"id\") <= (SELECT "
              "\"__pgshift_k0\" FROM last) AND (\"users\".\"id\") > ($3::bigint) "
              "RETURNING 1"));
    CHECK_FALSE(has(sql.next, "SET email_lower"));
  }
  SUBCASE("names are quoted") {
    Table t = users();
    t.name = "Odd \"name\"";
    t.key = {{"Key Col", "integer", ""}};
    BatchSql sql = made(spec, t);
    CHECK(has(sql.next, "FROM \"public\".\"Odd \"\"name\"\"\""));
    CHECK(has(sql.next, "\"Key Col\""));
  }
  SUBCASE("SET and WHERE are spliced whole: a comment ends, a parenthesis cannot escape") {
    spec.set_sql = "n = n + 1 -- bump";
    spec.where_sql = "flag = 'a' -- only a\n";
    BatchSql sql = made(spec, users());
    CHECK(has(sql.next, "SET n = n + 1 WHERE (\"users\".\"id\") <= "));
    CHECK(has(sql.next, "AND (flag = 'a') RETURNING 1"));
    spec.where_sql = "(flag = 'a') OR (flag = 'b')";
    CHECK(has(made(spec, users()).next, "AND ((flag = 'a') OR (flag = 'b')) RETURNING 1"));
  }
  SUBCASE("a SET or WHERE that is not one fragment on its own is refused, naming the backfill") {
    struct Case {
      const char* set;
      const char* where;
      const char* message;
    };
    const Case cases[] = {
        {"n = 21", "flag = 'a') OR (flag = 'b'",
         "backfill \"fill\": its WHERE closes a parenthesis it did not open"},
        {"n = 1 WHERE true", "", "its SET list must be a SET list"},
        {"n = 1; DROP TABLE users", "", "its SET list must be a SET list"},
        {"n = 1", "true; DROP TABLE users", "its WHERE must be a single expression"},
        {"n = 1", "true) RETURNING 1), x AS (DELETE FROM users", "its WHERE closes a parenthesis"},
        {"", "", "its SET list is empty"},
    };
    for (const Case& c : cases) {
      spec.set_sql = c.set;
      spec.where_sql = c.where;
      const std::string where = c.where;
      CAPTURE(where);
      auto sql = batch_sql(spec, users(), history);
      REQUIRE_FALSE(sql);
      CHECK(sql.status().code() == Code::invalid_input);
      CHECK_MESSAGE(sql.status().message().find(c.message) != std::string::npos,
                    sql.status().message());
    }
  }
}
