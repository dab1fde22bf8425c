#include <doctest/doctest.h>

#include "backfill/batch_sql.hpp"

using namespace pgshift;
using namespace pgshift::backfill;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
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
    BatchSql sql = batch_sql(spec, users(), history);
    CHECK(has(sql.first,
              "SELECT \"id\" AS \"__pgshift_k0\" FROM \"public\".\"users\" ORDER BY "
              "\"id\" LIMIT $1::integer"));
    CHECK_FALSE(has(sql.first, "$3"));
    CHECK(has(sql.next, "WHERE (\"id\") > ($3::bigint) ORDER BY \"id\" LIMIT $1::integer"));
  }
  SUBCASE("keys are chosen without the user's WHERE, which filters only the change") {
    // so that a range where nothing matches still moves the cursor
    BatchSql sql = batch_sql(spec, users(), history);
    CHECK(has(sql.next,
              "UPDATE \"public\".\"users\" SET email_lower = lower(email) WHERE "
              "(\"users\".\"id\") <= (SELECT \"__pgshift_k0\" FROM last) AND "
              "(\"users\".\"id\") > ($3::bigint) AND (email_lower IS NULL) RETURNING 1"));
    const auto batch_cte = sql.next.substr(0, sql.next.find("last AS"));
    CHECK_FALSE(has(batch_cte, "email_lower"));
  }
  SUBCASE("the cursor and the counts are saved by the same statement as the change") {
    BatchSql sql = batch_sql(spec, users(), history);
    CHECK(has(sql.next, "saved AS (UPDATE \"pgshift\".\"backfills\" SET cursor = "));
    CHECK(has(sql.next, "rows_done = rows_done + (SELECT count(*) FROM changed)"));
    CHECK(has(sql.next, "WHERE name = $2::text AND EXISTS (SELECT 1 FROM batch)"));
  }
  SUBCASE("a composite key compares as a row, with each column's type and collation") {
    Table t = users();
    t.key = {{"tenant", "text", "\"pg_catalog\".\"C\""}, {"id", "uuid", ""}};
    BatchSql sql = batch_sql(spec, t, history);
    CHECK(has(sql.next,
              "WHERE (\"tenant\", \"id\") > ($3::text COLLATE \"pg_catalog\".\"C\", "
              "$4::uuid) ORDER BY \"tenant\", \"id\""));
    CHECK(has(sql.next, "ORDER BY \"__pgshift_k0\" DESC, \"__pgshift_k1\" DESC LIMIT 1"));
    CHECK(has(sql.next, "AS k1"));
  }
  SUBCASE("the change selects the batch's key range on the table itself: one index range scan") {
    BatchSql sql = batch_sql(spec, users(), history);
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
    BatchSql sql = batch_sql(spec, users(), history);
    CHECK(has(sql.next, "UPDATE \"public\".\"users\" AS \"u\" SET"));
    CHECK(has(sql.next, "(\"u\".\"id\") <= (SELECT \"__pgshift_k0\" FROM last)"));
  }
  SUBCASE("a delete has no SET") {
    spec.remove = true;
    spec.set_sql.clear();
    spec.where_sql.clear();
    BatchSql sql = batch_sql(spec, users(), history);
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
    BatchSql sql = batch_sql(spec, t, history);
    CHECK(has(sql.next, "FROM \"public\".\"Odd \"\"name\"\"\""));
    CHECK(has(sql.next, "\"Key Col\""));
  }
}
