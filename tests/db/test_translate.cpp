#include <doctest/doctest.h>

#include <pqxx/except>

#include "db/error.hpp"
#include "db/translate.hpp"

using namespace pgshift;
using namespace pgshift::db;

TEST_CASE("db::clean_message") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row table[] = {
      {"ERROR:  relation \"x\" does not exist\nLINE 1: select * from x\n                      ^\n",
       "relation \"x\" does not exist"},
      {"ERROR:  duplicate key value\nDETAIL:  Key (id)=(1) already exists.\n",
       "duplicate key value; detail: Key (id)=(1) already exists."},
      {"connection to server failed: No such file\n\tIs the server running?\n",
       "connection to server failed: No such file; Is the server running?"},
      {"FATAL:  password authentication failed for user \"u\"\n",
       "password authentication failed for user \"u\""},
  };
  for (const auto& r : table) {
    CAPTURE(r.in);
    CHECK(clean_message(r.in) == r.out);
  }
}

TEST_CASE("db::translate classifies by SQLSTATE") {
  SUBCASE("lock timeout arrives as a plain sql_error with 55P03") {
    Status s = translate([] {
      throw pqxx::sql_error("ERROR:  canceling statement due to lock timeout\n", "ALTER ...",
                            "55P03");
    });
    CHECK(s.code() == Code::failed);
    CHECK(is_lock_timeout(s));
    CHECK_FALSE(is_deadlock(s));
  }
  SUBCASE("deadlocks arrive without SQLSTATE and get 40P01 from their type") {
    Status s = translate([] { throw pqxx::deadlock_detected("ERROR:  deadlock detected\n"); });
    CHECK(is_deadlock(s));
    CHECK(s.sqlstate() == "40P01");
  }
  SUBCASE("a lost connection is recognised") {
    Status s = translate([] { throw pqxx::broken_connection("server closed the connection"); });
    CHECK(is_connection_lost(s));
  }
  SUBCASE("no exception is ok") {
    CHECK(translate([] {}).is_ok());
  }
}
