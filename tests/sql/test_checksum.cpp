#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/checksum.hpp"
#include "core/position.hpp"
#include "sql/checksum.hpp"

namespace pgshift::sql {
namespace {

core::Section section(std::string text, bool no_transaction = false) {
  core::Section s;
  s.path = "migrations/3_orders.up.sql";
  s.text = std::move(text);
  s.first_line = 1;
  s.directives.file.no_transaction = no_transaction;
  return s;
}

std::string checksum(const core::Section& s, ChecksumMode mode) {
  Result<std::string> r = section_checksum(s, mode);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  return r.value();
}

std::string tokens(const std::string& sql) {
  Result<std::string> r = normalized_tokens(sql);
  REQUIRE_MESSAGE(r.is_ok(), r.status().message());
  return r.value();
}

const std::string k_base =
    "-- orders\n"
    "CREATE TABLE orders (\n"
    "  id bigint PRIMARY KEY,\n"
    "  \"Status\" text NOT NULL DEFAULT 'new',\n"
    "  total numeric CHECK (total >= 0)\n"
    ");\n"
    "INSERT INTO orders (id, total) VALUES (1, 2.5);\n";

}  // namespace

TEST_CASE("sql::normalized_tokens") {
  struct Case {
    const char* name;
    std::string sql;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"keywords and unquoted identifiers fold to lower case, quoted ones do not",
       "SELECT Foo, \"Bar\" FROM T", "w 6:select\nw 3:foo\no 1:,\ni 5:\"Bar\"\nw 4:from\nw 1:t\n"},
      {"comments and whitespace leave no trace", "  select /* a /* nested */ one */ 1 -- two\n",
       "w 6:select\nn 1:1\n"},
      {"literals, params and operators exactly as written",
       "SELECT 'Ab', $t$x;y$t$, 1.50, $1, a::int <> B'101'",
       "w 6:select\ns 4:'Ab'\no 1:,\ns 9:$t$x;y$t$\no 1:,\nn 4:1.50\no 1:,\np 2:$1\no 1:,\nw "
       "1:a\no 2:::\nw 3:int\no 2:<>\ns 6:b'101'\n"},
      {"string prefixes fold, contents do not", "SELECT E'A\\n', X'1F', U&'d\\0061t'",
       "w 6:select\ns 6:e'A\\n'\no 1:,\ns 5:x'1F'\no 1:,\ns 11:u&'d\\0061t'\n"},
      {"a string continued over lines keeps its pieces, not its layout", "SELECT 'a'   \r\n    'b'",
       "w 6:select\ns 7:'a'\n'b'\n"},
      {"line endings inside a literal are \\n", "SELECT $$a\r\nb$$", "w 6:select\ns 7:$$a\nb$$\n"},
      {"non-ASCII identifiers keep their case, as PostgreSQL does in UTF-8", "SELECT Été",
       "w 6:select\nw 5:\xC3\x89t\xC3\xA9\n"},
      {"empty input", "", ""},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK(tokens(c.sql) == c.expected);
    }
  }

  SUBCASE("token boundaries are unambiguous") {
    CHECK(tokens("SELECT 'a', 'b'") != tokens("SELECT 'a'', ''b'"));
    CHECK(tokens("SELECT ab") != tokens("SELECT a b"));
    CHECK(tokens("SELECT 'a'\n'b'") != tokens("SELECT 'ab'"));
  }

  SUBCASE("a scan error is invalid input") {
    Result<std::string> r = normalized_tokens("SELECT 1;\nSELECT 'abc");
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::invalid_input);
    CHECK(r.status().message() ==
          "line 2, column 8: unterminated quoted string at or near \"'abc\"");
  }

  SUBCASE("a NUL byte is invalid input, not the end of the text") {
    Result<std::string> r = normalized_tokens(std::string("SELECT 1;\0 DROP TABLE t;", 24));
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == "line 1, column 10: unexpected NUL byte");
  }
}

TEST_CASE("sql::section_checksum normalized mode") {
  const std::string base = checksum(section(k_base), ChecksumMode::normalized);
  CHECK(base.size() == 64);
  CHECK(base.find_first_not_of("0123456789abcdef") == std::string::npos);

  struct Case {
    const char* name;
    core::Section edited;
    bool same;
  };
  auto replace = [](std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  std::string crlf;
  for (char c : k_base) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  }
  const std::vector<Case> cases = {
      {"re-indented and re-wrapped",
       section("CREATE TABLE orders (id bigint PRIMARY KEY, \"Status\" text NOT NULL DEFAULT "
               "'new', total numeric CHECK (total>=0));\n\n\n\tINSERT INTO orders (id,total)\n"
               "  VALUES (1,2.5)  ;"),
       true},
      {"windows line endings", section(crlf), true},
      {"comments added, changed and removed",
       section(replace(replace(k_base, "-- orders\n", "/* orders, v2 */\n"), "bigint",
                       "bigint -- the key\n")),
       true},
      {"keyword case",
       section(replace(replace(k_base, "CREATE TABLE", "create table"), "NOT NULL", "not Null")),
       true},
      {"unquoted identifier case",
       section(replace(k_base, "INSERT INTO orders", "INSERT INTO ORDERS")), true},
      {"a lint-ignore directive line written as a plain comment",
       section("-- pgshift:lint-ignore some-rule\n" + k_base), true},
      {"identifier renamed", section(replace(k_base, "total numeric", "amount numeric")), false},
      {"quoted identifier case", section(replace(k_base, "\"Status\"", "\"status\"")), false},
      {"quoted identifier unquoted", section(replace(k_base, "\"Status\"", "Status")), false},
      {"string literal", section(replace(k_base, "'new'", "'old'")), false},
      {"string literal case", section(replace(k_base, "'new'", "'NEW'")), false},
      {"whitespace inside a string literal", section(replace(k_base, "'new'", "'new '")), false},
      {"numeric literal", section(replace(k_base, "(1, 2.5)", "(2, 2.5)")), false},
      {"numeric literal spelling", section(replace(k_base, "2.5", "2.50")), false},
      {"operator", section(replace(k_base, ">=", ">")), false},
      {"keyword", section(replace(k_base, "bigint", "int")), false},
      {"a statement added", section(k_base + "DELETE FROM orders;\n"), false},
      {"a statement removed",
       section(replace(k_base, "INSERT INTO orders (id, total) VALUES (1, 2.5);\n", "")), false},
      {"no-transaction directive", section(k_base, true), false},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      CHECK((checksum(c.edited, ChecksumMode::normalized) == base) == c.same);
    }
  }

  SUBCASE("other file-level directives count") {
    core::Section with_timeout = section(k_base);
    with_timeout.directives.file.lock_timeout = Millis(2000);
    core::Section with_retries = section(k_base);
    with_retries.directives.file.retries = 3;
    CHECK(checksum(with_timeout, ChecksumMode::normalized) != base);
    CHECK(checksum(with_retries, ChecksumMode::normalized) != base);
    CHECK(checksum(with_timeout, ChecksumMode::normalized) !=
          checksum(with_retries, ChecksumMode::normalized));
  }

  SUBCASE("the path and first line do not count") {
    core::Section moved = section(k_base);
    moved.path = "elsewhere/3_orders.sql";
    moved.first_line = 12;
    CHECK(checksum(moved, ChecksumMode::normalized) == base);
  }

  SUBCASE("a scan error names the file, line and column") {
    core::Section bad = section("SELECT 1;\n\nSELECT $$never closed");
    bad.first_line = 4;
    Result<std::string> r = section_checksum(bad, ChecksumMode::normalized);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::invalid_input);
    CHECK(r.status().message() ==
          "migrations/3_orders.up.sql:6:8: unterminated dollar-quoted string at or near "
          "\"$$never closed\"");
  }
}

TEST_CASE("sql::section_checksum of a long section is the hash of its whole token stream") {
  // Hashed in pieces of about 64 kB, cut where the scanner ends a statement; the bytes hashed
  // must be those of the one token stream, or every recorded checksum would change.
  std::string text = "-- pgshift:no-transaction\n";
  for (int i = 0; text.size() < 300 * 1024; ++i) {
    text += "INSERT INTO \"Orders\" VALUES (" + std::to_string(i) +
            ", E'a;b\\n', $x$;$x$); -- \xe2\x82\xac;\n";
  }
  core::Section s = section(text, true);
  const std::string expected = core::sha256_hex(
      "pgshift-normalized-v1\n" + s.directives.file.canonical() + "\n--\n" + tokens(text));
  CHECK(checksum(s, ChecksumMode::normalized) == expected);

  SUBCASE("a scan error in a later piece is named at its own line") {
    s.text += "SELECT $$never closed";
    Result<std::string> r = section_checksum(s, ChecksumMode::normalized);
    REQUIRE_FALSE(r.is_ok());
    const core::Position end = core::position_of(text, text.size());
    CHECK(r.status().message() == "migrations/3_orders.up.sql:" + std::to_string(end.line) +
                                      ":8: unterminated dollar-quoted string at or near "
                                      "\"$$never closed\"");
  }
}

TEST_CASE("sql::section_checksum exact mode") {
  const std::string base = checksum(section(k_base), ChecksumMode::exact);
  CHECK(base.size() == 64);
  CHECK(base != checksum(section(k_base), ChecksumMode::normalized));
  CHECK(checksum(section(k_base), ChecksumMode::exact) == base);

  const std::vector<std::pair<const char*, std::string>> edits = {
      {"a space added", k_base + " "},
      {"a comment changed", "-- Orders\n" + k_base.substr(10)},
      {"keyword case", "-- orders\ncreate" + k_base.substr(16)},
  };
  for (const auto& [name, text] : edits) {
    SUBCASE(name) {
      CHECK(checksum(section(text), ChecksumMode::exact) != base);
    }
  }
  SUBCASE("it is the SHA-256 of the bytes") {
    CHECK(checksum(section("abc"), ChecksumMode::exact) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
  SUBCASE("invalid SQL still has an exact checksum") {
    CHECK(checksum(section("SELECT 'abc"), ChecksumMode::exact).size() == 64);
  }
}

TEST_CASE("sql::statement_checksum") {
  const std::string a = statement_checksum("CREATE INDEX i ON t (a)").value();
  CHECK(a.size() == 64);
  CHECK(statement_checksum("create  index I\n on T(A)").value() == a);
  CHECK(statement_checksum("CREATE INDEX i ON t (b)").value() != a);
  SUBCASE("differs from the section checksum of the same text") {
    core::Section s = section("CREATE INDEX i ON t (a)");
    CHECK(checksum(s, ChecksumMode::normalized) != a);
  }
  SUBCASE("a scan error is invalid input") {
    CHECK(statement_checksum("SELECT 'x").status().code() == Code::invalid_input);
  }
}

}  // namespace pgshift::sql
