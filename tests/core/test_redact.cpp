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

  SUBCASE("every password-like key is masked: sslpassword and any key ending in password") {
    const Row rows[] = {
        {"host=h sslpassword=k3y dbname=d", "host=h sslpassword=**** dbname=d"},
        {"host=h sslpassword = 'k 3y' password=pw", "host=h sslpassword = '****' password=****"},
        {"SSLPASSWORD=k3y", "SSLPASSWORD=****"},
        {"mypassword=x", "mypassword=****"},
        {"postgresql://u@h/db?sslpassword=k3y&sslmode=require",
         "postgresql://u@h/db?sslpassword=****&sslmode=require"},
        {"postgresql://u:pw@h/db?SSLPassword=k3y", "postgresql://u:****@h/db?SSLPassword=****"},
        {"cannot connect to \"host=h sslpassword=k3y\": refused",
         "cannot connect to \"host=h sslpassword=****\": refused"},
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
                          "the password_file=x key",
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

TEST_CASE("core::secrets_of") {
  CHECK(secrets_of("host=h sslpassword=k3y password=pw") == std::vector<std::string>{"k3y", "pw"});
  CHECK(secrets_of("postgresql://u:a%40b@h/db?sslpassword=c") ==
        std::vector<std::string>{"a@b", "c"});
  CHECK(secrets_of("postgresql://u@h/db").empty());
}

TEST_CASE("core::redact_reason") {
  struct Row {
    const char* url;
    const char* reason;
    const char* out;
  };

  SUBCASE("a fragment of a password libpq misread is never echoed") {
    const Row rows[] = {
        // A raw '@' in the password: libpq ends the user info at the first '@'.
        {"postgresql://u:pw@Secret@127.0.0.1:5432/db",
         "could not translate host name \"Secret@127.0.0.1\" to address: Name or service not "
         "known",
         "could not translate host name \"****\" to address: Name or service not known"},
        // A raw '/' in the password: libpq reads what precedes it as host:port.
        {"postgresql://u:ZZtop/x@127.0.0.1:5432/db",
         "invalid integer value \"ZZtop\" for connection option \"port\"",
         "invalid integer value \"****\" for connection option \"port\""},
        // A bad percent escape: libpq quotes the whole component.
        {"postgresql://u:pa%zzword@h/db", "invalid percent-encoded token: \"pa%zzword\"",
         "invalid percent-encoded token: \"****\""},
        // The whole URL quoted.
        {"postgresql://u:se cret@h/db",
         "unexpected spaces found in \"postgresql://u:se cret@h/db\", use percent-encoded "
         "spaces (%20) instead",
         "unexpected spaces found in \"****\", use percent-encoded spaces (%20) instead"},
        {"host=h sslpassword=k3y", "could not read \"k3y\"", "could not read \"****\""},
    };
    for (const Row& r : rows) {
      CAPTURE(r.url);
      CHECK(redact_reason(r.reason, r.url) == r.out);
    }
  }

  SUBCASE("fragments that are not part of a secret are kept") {
    const Row rows[] = {
        {"postgresql://u:pw@nohost.invalid/db",
         "could not translate host name \"nohost.invalid\" to address: Name or service not known",
         "could not translate host name \"nohost.invalid\" to address: Name or service not "
         "known"},
        {"postgresql://u:pw@h/db", "database \"db\" does not exist",
         "database \"db\" does not exist"},
        {"postgresql://u:pw@h/db", "password authentication failed for user \"u\"",
         "password authentication failed for user \"u\""},
        {"", "could not connect to server: No such file or directory",
         "could not connect to server: No such file or directory"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.url);
      CHECK(redact_reason(r.reason, r.url) == r.out);
    }
  }
}

TEST_CASE("core::userinfo_needs_encoding") {
  CHECK(userinfo_needs_encoding("postgresql://u:p@ss@h/db"));
  CHECK(userinfo_needs_encoding("postgres://u:p/ss@h/db?sslmode=require"));
  CHECK_FALSE(userinfo_needs_encoding("postgresql://u:p%40ss@h/db"));
  CHECK_FALSE(userinfo_needs_encoding("postgresql://u:pw@h/db?application_name=a@b"));
  CHECK_FALSE(userinfo_needs_encoding("postgresql://h/db"));
  CHECK_FALSE(userinfo_needs_encoding("host=h password=p@ss/x"));
}

TEST_CASE("core::redact_query") {
  struct Row {
    const char* in;
    const char* out;
  };

  SUBCASE("the literal after PASSWORD is masked, whatever its form") {
    const Row rows[] = {
        {"ALTER ROLE x PASSWORD 'hunter2'", "ALTER ROLE x PASSWORD '****'"},
        {"alter role x with login password 'hunter2' valid until 'infinity'",
         "alter role x with login password '****' valid until 'infinity'"},
        {"CREATE ROLE x ENCRYPTED PASSWORD 'it''s'", "CREATE ROLE x ENCRYPTED PASSWORD '****'"},
        {"CREATE USER x PASSWORD E'a\\'b' LOGIN", "CREATE USER x PASSWORD E'****' LOGIN"},
        {"ALTER USER x PASSWORD $$hunter2$$", "ALTER USER x PASSWORD $$****$$"},
        {"ALTER USER x PASSWORD $p$hun$$ter2$p$;", "ALTER USER x PASSWORD $p$****$p$;"},
        {"CREATE USER MAPPING FOR u SERVER s OPTIONS (user 'u', password 'hunter2')",
         "CREATE USER MAPPING FOR u SERVER s OPTIONS (user 'u', password '****')"},
        {"ALTER ROLE x PASSWORD 'SCRAM-SHA-256$4096:abc'", "ALTER ROLE x PASSWORD '****'"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.in);
      CHECK(redact_query(r.in) == r.out);
    }
  }

  SUBCASE("a literal cut off by truncation is masked to the end") {
    CHECK(redact_query("ALTER ROLE x PASSWORD 'hunt") == "ALTER ROLE x PASSWORD '****");
    CHECK(redact_query("ALTER ROLE x PASSWORD $tag$hunt") == "ALTER ROLE x PASSWORD $tag$****");
  }

  SUBCASE("URLs and conninfo strings in the query are redacted") {
    CHECK(redact_query("SELECT dblink_connect('host=h password=hunter2 dbname=d')") ==
          "SELECT dblink_connect('host=h password=**** dbname=d')");
    CHECK(redact_query("SELECT dblink_connect('password=hunter2')") ==
          "SELECT dblink_connect('password=****')");
    CHECK(redact_query("SELECT dblink('postgresql://u:hunter2@h/db', 'SELECT 1')") ==
          "SELECT dblink('postgresql://u:****@h/db', 'SELECT 1')");
  }

  SUBCASE("other text is unchanged") {
    const char* rows[] = {"SELECT password FROM users WHERE id = 1",
                          "UPDATE users SET password_hash = 'x'",
                          "ALTER ROLE x PASSWORD NULL",
                          "ALTER ROLE x PASSWORD $1",
                          "SELECT 'password'",
                          ""};
    for (const char* text : rows) {
      CAPTURE(text);
      CHECK(redact_query(text) == text);
    }
  }
}

TEST_CASE("core::scrub") {
  CHECK(scrub("FATAL: password secret rejected, secret!", "secret") ==
        "FATAL: password **** rejected, ****!");
  CHECK(scrub("nothing here", "secret") == "nothing here");
  CHECK(scrub("an empty secret changes nothing", "") == "an empty secret changes nothing");
  CHECK(scrub("aaa", "aa") == "****a");
}
