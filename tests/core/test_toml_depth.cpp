#include <doctest/doctest.h>

#include <string>

#include "core/config.hpp"
#include "core/config_tree.hpp"
#include "core/toml_depth.hpp"

using namespace pgshift::core;
using pgshift::Code;

namespace {

std::string dotted(int parts) {
  std::string key = "a";
  for (int i = 1; i < parts; ++i) {
    key += ".a";
  }
  return key;
}

std::string nested_arrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

TEST_CASE("core::check_toml_depth") {
  SUBCASE("ordinary documents pass, whatever dots their values hold") {
    const char* ok[] = {
        "dir = \"migrations\"\n[lock]\nwait = \"5s\"\n",
        "[lint.rules]\n\"a.b.c\" = \"off\"\n",
        "x = 1.5\ny = 1979-05-27T07:32:00.999Z\nz = [1.1, 2.2, 3.3]\n",
        "s = \"a.b.c.d.e.f\"\nt = 'x.y.z'\nm = \"\"\"\n. . . . .\n\"\"\"\n",
        "[[operations]]\ntype = \"add_column\"\ncolumn = { name = \"a\", type = \"text\" }\n",
        "# a.b.c.d.e.f.g.h\nkey = \"value\" # . . .\n",
        "x = [\n  { a.b = 1 },\n  { c = [1, 2] },\n]\n",
        "",
        "[unterminated\nkey = \"oops\n",  // malformed: left to toml++
    };
    for (const char* text : ok) {
      CAPTURE(text);
      CHECK(check_toml_depth(text, "pgshift.toml").is_ok());
    }
  }

  SUBCASE("a document at the limit passes") {
    CHECK(check_toml_depth("[" + dotted(k_max_toml_depth) + "]\n", "x.toml").is_ok());
    CHECK(check_toml_depth(dotted(k_max_toml_depth) + " = 1\n", "x.toml").is_ok());
    CHECK(check_toml_depth("x = " + nested_arrays(k_max_toml_depth - 1) + "\n", "x.toml").is_ok());
  }

  SUBCASE("deeper is refused at the key or bracket that goes too deep") {
    struct Row {
      std::string text;
      const char* where;
    };
    const Row rows[] = {
        {"[" + dotted(k_max_toml_depth + 1) + "]\n", "x.toml:1:1: "},
        {"# deep\n" + dotted(k_max_toml_depth + 1) + " = 1\n", "x.toml:2:1: "},
        {"[" + dotted(200) + "]\nok = 1\n" + dotted(57) + " = 1\n", "x.toml:3:1: "},
        {"x = " + nested_arrays(k_max_toml_depth + 1) + "\n", "x.toml:1:"},
        {"x = { " + dotted(k_max_toml_depth) + " = 1 }\n", "x.toml:1:7: "},
        // 150,000 parts crash toml++ itself: refused before it reads them.
        {"[" + dotted(150000) + "]\n", "x.toml:1:1: "},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text.substr(0, 80));
      const pgshift::Status s = check_toml_depth(r.text, "x.toml");
      REQUIRE_FALSE(s.is_ok());
      CHECK(s.code() == Code::invalid_input);
      CHECK(s.message().rfind(r.where, 0) == 0);
      CHECK(s.message().find("nested more than 256 levels deep") != std::string::npos);
    }
  }
}

TEST_CASE("every reader of TOML checks the depth before toml++ reads it") {
  const std::string deep = "[" + dotted(150000) + "]\n";
  const auto refused = [](const pgshift::Status& s) {
    CHECK(s.code() == Code::invalid_input);
    CHECK(s.message().rfind("deep.toml:1:1: nested more than", 0) == 0);
  };
  refused(check_toml_syntax(deep, "deep.toml"));
  pgshift::Options options;
  refused(apply_toml(
      deep, "deep.toml", [](const std::string&) { return std::nullopt; }, options));
  refused(parse_toml_tree(deep, "deep.toml").status());
}
