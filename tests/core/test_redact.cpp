#include <doctest/doctest.h>

#include "core/redact.hpp"

using namespace pgshift::core;

TEST_CASE("core::redact_url") {
  struct Row {
    const char* in;
    const char* out;
  };

  SUBCASE("the password of a URL's user info is masked") {
    const Row rows[] = {
        {"postgresql://u:secret@h/db", "postgresql://u:****@h/db"},
        {"postgres://u:secret@h:5432/db", "postgres://u:****@h:5432/db"},
        {"postgres://u:s%40cr%2Ft@h/db", "postgres://u:****@h/db"},
        {"postgres://u:p@ss@h/db", "postgres://u:****@h/db"},  // raw '@' in the password
        {"postgres://u:p/ss@h/db", "postgres://u:****@h/db"},  // raw '/' in the password
        {"postgres://u:p?ss@h/db?sslmode=require",
         "postgres://u:****@h/db?sslmode=require"},  // raw '?' in the password
        {"POSTGRESQL://u:secret@h/db", "POSTGRESQL://u:****@h/db"},
        {"postgresql://u:secret@h1:5432,h2:5433/db?sslmode=require",
         "postgresql://u:****@h1:5432,h2:5433/db?sslmode=require"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.in);
      CHECK(redact_url(r.in) == r.out);
    }
  }

  SUBCASE("a password query parameter is masked") {
    const Row rows[] = {
        {"postgresql://u@h/db?password=secret", "postgresql://u@h/db?password=****"},
        {"postgresql:///db?sslmode=disable&password=secret&application_name=x",
         "postgresql:///db?sslmode=disable&password=****&application_name=x"},
        {"postgresql://u:a@h/db?password=b", "postgresql://u:****@h/db?password=****"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.in);
      CHECK(redact_url(r.in) == r.out);
    }
  }

  SUBCASE("conninfo password values are masked, quoted or not") {
    const Row rows[] = {
        {"host=h user=u password=secret dbname=d", "host=h user=u password=**** dbname=d"},
        {"password=secret", "password=****"},
        {"host=h password = 'se cret' dbname=d", "host=h password = '****' dbname=d"},
        {"password='it\\'s' host=h", "password='****' host=h"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.in);
      CHECK(redact_url(r.in) == r.out);
    }
  }

  SUBCASE("a URL inside a longer message is masked up to the end of the URL") {
    CHECK(redact_url("cannot connect to \"postgres://u:secret@h/db\": refused") ==
          "cannot connect to \"postgres://u:****@h/db\": refused");
  }

  SUBCASE("text without a password is returned unchanged") {
    const char* rows[] = {"postgresql://u@h/db",
                          "postgresql://h/db",
                          "postgresql:///db?sslmode=disable",
                          "host=h user=u dbname=d",
                          "password authentication failed for user \"u\"",
                          "mypassword=x",
                          "",
                          "postgresql://u:@h/db"};
    for (const char* text : rows) {
      CAPTURE(text);
      CHECK(redact_url(text) == text);
    }
  }
}

TEST_CASE("core::password_of") {
  struct Row {
    const char* in;
    const char* password;
  };
  const Row rows[] = {
      {"postgresql://u:secret@h/db", "secret"},
      {"postgres://u:s%40cr%2Ft@h/db", "s@cr/t"},  // URL-decoded
      {"postgres://u:p@ss@h/db", "p@ss"},
      {"postgres://u:p?ss@h/db", "p?ss"},
      {"postgresql://u@h/db?password=a%26b", "a&b"},
      {"host=h password=secret", "secret"},
      {"host=h password = 'se cret'", "se cret"},
      {"password='it\\'s'", "it's"},
      {"postgresql://u@h/db", ""},
      {"host=h", ""},
      {"", ""},
  };
  for (const Row& r : rows) {
    CAPTURE(r.in);
    CHECK(password_of(r.in) == r.password);
  }
}

TEST_CASE("core::scrub") {
  CHECK(scrub("FATAL: password secret rejected, secret!", "secret") ==
        "FATAL: password **** rejected, ****!");
  CHECK(scrub("nothing here", "secret") == "nothing here");
  CHECK(scrub("an empty secret changes nothing", "") == "an empty secret changes nothing");
  CHECK(scrub("aaa", "aa") == "****a");
}
