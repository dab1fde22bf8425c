#include <doctest/doctest.h>

#include "core/conninfo.hpp"

using namespace pgshift::core;

TEST_CASE("core::with_fallback_application_name") {
  struct Row {
    const char* url;
    const char* out;
  };
  const Row rows[] = {
      {"postgresql://u:pw@h/db", "postgresql://u:pw@h/db?fallback_application_name=pgshift"},
      {"postgres://h/db?sslmode=require",
       "postgres://h/db?sslmode=require&fallback_application_name=pgshift"},
      {"postgresql://u@h/db?application_name=deploy-42",
       "postgresql://u@h/db?application_name=deploy-42&fallback_application_name=pgshift"},
      // A raw '?' in the password is not the query: libpq ends the user info at the '@'.
      {"postgresql://u:p?w@h/db", "postgresql://u:p?w@h/db?fallback_application_name=pgshift"},
      {"POSTGRESQL://h/db", "POSTGRESQL://h/db?fallback_application_name=pgshift"},
      {"host=h dbname=d", "host=h dbname=d fallback_application_name='pgshift'"},
      {"", "fallback_application_name='pgshift'"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.url);
    CHECK(with_fallback_application_name(r.url, "pgshift") == r.out);
  }

  SUBCASE("the name is encoded for the form it goes into") {
    CHECK(with_fallback_application_name("postgresql://h/db", "a b&c") ==
          "postgresql://h/db?fallback_application_name=a%20b%26c");
    CHECK(with_fallback_application_name("host=h", "it's \\x") ==
          "host=h fallback_application_name='it\\'s \\\\x'");
  }
}
