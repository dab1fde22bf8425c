#include <doctest/doctest.h>

#include <filesystem>

#include "core/discovery.hpp"
#include "core/read_file.hpp"
#include "core/temp_dir.hpp"

using namespace pgshift::core;
using pgshift::Code;
using pgshift::Millis;
using pgshift::test::TempDir;

TEST_CASE("core::parse_file_name") {
  SUBCASE("migration names give version, name, form and direction") {
    struct Row {
      const char* file;
      const char* version;
      const char* raw_version;
      const char* name;
      FileForm form;
      std::optional<Direction> direction;
    };
    const Row rows[] = {
        {"1_init.up.sql", "1", "1", "init", FileForm::pair, Direction::up},
        {"0002_add_email.down.sql", "2", "0002", "add_email", FileForm::pair, Direction::down},
        {"20261121093000_users.sql", "20261121093000", "20261121093000", "users", FileForm::single,
         std::nullopt},
        {"10_split_name.toml", "10", "10", "split_name", FileForm::operations, std::nullopt},
        {"000_zero.sql", "0", "000", "zero", FileForm::single, std::nullopt},
        {"3_v2_table_9.up.sql", "3", "3", "v2_table_9", FileForm::pair, Direction::up},
    };
    for (const Row& r : rows) {
      CAPTURE(r.file);
      auto p = parse_file_name(r.file);
      REQUIRE(p.is_ok());
      REQUIRE(p->has_value());
      const ParsedName& n = **p;
      CHECK(n.version == r.version);
      CHECK(n.raw_version == r.raw_version);
      CHECK(n.name == r.name);
      CHECK(n.form == r.form);
      CHECK(n.direction == r.direction);
    }
  }

  SUBCASE("names that do not look like migrations are ignored") {
    for (const char* file : {"README.md", "notes.txt", ".gitkeep", ".1_hidden.up.sql", ".DS_Store",
                             "Makefile", "schema.sql~", "1-init.txt"}) {
      CAPTURE(file);
      auto p = parse_file_name(file);
      REQUIRE(p.is_ok());
      CHECK_FALSE(p->has_value());
    }
  }

  SUBCASE("names that look like migrations but are malformed are errors") {
    struct Row {
      const char* file;
      const char* reason;
    };
    const Row rows[] = {
        {"1_Bad-Name.up.sql",
         "the name \"Bad-Name\" may only contain lowercase letters, digits and _"},
        {"abc.sql", "it does not start with a version and \"_\""},
        {"x_y.sql", "it does not start with a version and \"_\""},
        {"001.sql", "it does not start with a version and \"_\""},
        {"3_a.up.sql.bak", "unexpected extension \".up.sql.bak\""},
        {"3_a.UP.SQL", "unexpected extension \".UP.SQL\""},
        {"4_a.sql.txt", "unexpected extension \".sql.txt\""},
        {"5_.sql", "the name after the version is empty"},
        {"6_a", "it has no extension"},
        {"7_a.yaml", "unexpected extension \".yaml\""},
        {"INIT.SQL", "it does not start with a version and \"_\""},
    };
    for (const Row& r : rows) {
      CAPTURE(r.file);
      auto p = parse_file_name(r.file);
      REQUIRE_FALSE(p.is_ok());
      CHECK(p.status().code() == Code::invalid_input);
      CHECK(p.status().message() ==
            std::string(r.file) + ": malformed migration file name: " + r.reason +
                "; expected <version>_<name>.up.sql, <version>_<name>.down.sql, "
                "<version>_<name>.sql or <version>_<name>.toml, with a numeric <version> and a "
                "<name> of a-z, 0-9 and _");
    }
  }
}

TEST_CASE("core::form_name") {
  CHECK(std::string(form_name(FileForm::pair)) == "pair");
  CHECK(std::string(form_name(FileForm::single)) == "single");
  CHECK(std::string(form_name(FileForm::operations)) == "operations");
}

TEST_CASE("core::split_single") {
  SUBCASE("up and down sections start on the line after their markers") {
    const std::string text =
        "-- users table\n"              // 1
        "\n"                            // 2
        "-- pgshift:up\n"               // 3
        "-- pgshift:lock-timeout 2s\n"  // 4
        "CREATE TABLE users (id int);\n"
        "  --pgshift:down  \n"  // 6
        "DROP TABLE users;\n";
    auto r = split_single(text, "m/1_users.sql");
    REQUIRE(r.is_ok());
    const Section& up = r->first;
    CHECK(up.path == "m/1_users.sql");
    CHECK(up.first_line == 4);
    CHECK(up.text == "-- pgshift:lock-timeout 2s\nCREATE TABLE users (id int);\n");
    CHECK(up.directives.file.lock_timeout == Millis(2000));
    REQUIRE(r->second.has_value());
    CHECK(r->second->first_line == 7);
    CHECK(r->second->text == "DROP TABLE users;\n");
    CHECK_FALSE(r->second->directives.file.lock_timeout.has_value());
  }

  SUBCASE("the down section is absent without a down marker") {
    auto r = split_single("-- pgshift:up\nSELECT 1;\n", "f.sql");
    REQUIRE(r.is_ok());
    CHECK(r->first.text == "SELECT 1;\n");
    CHECK_FALSE(r->second.has_value());
  }

  SUBCASE("CRLF line endings are kept in the sections and markers still match") {
    auto r =
        split_single("-- pgshift:up\r\nSELECT 1;\r\n-- pgshift:down\r\nSELECT 2;\r\n", "f.sql");
    REQUIRE(r.is_ok());
    CHECK(r->first.text == "SELECT 1;\r\n");
    REQUIRE(r->second.has_value());
    CHECK(r->second->text == "SELECT 2;\r\n");
  }

  SUBCASE("a marker on the last line without a newline gives an empty section") {
    auto r = split_single("-- pgshift:up\nSELECT 1;\n-- pgshift:down", "f.sql");
    REQUIRE(r.is_ok());
    REQUIRE(r->second.has_value());
    CHECK(r->second->text.empty());
    CHECK(r->second->first_line == 4);
  }

  SUBCASE("a leading BOM is dropped and lines still count from 1") {
    auto r = split_single("\xEF\xBB\xBF-- pgshift:up\nSELECT 1;\n", "f.sql");
    REQUIRE(r.is_ok());
    CHECK(r->first.first_line == 2);
    CHECK(r->first.text == "SELECT 1;\n");
  }

  SUBCASE("malformed single files are errors with line and column") {
    struct Row {
      const char* text;
      const char* message;
    };
    const Row rows[] = {
        {"CREATE TABLE t (id int);\n",
         "f.sql:1:1: missing \"-- pgshift:up\" marker: a single-file migration "
         "(<version>_<name>.sql) puts its SQL below \"-- pgshift:up\" and its down SQL, if any, "
         "below \"-- pgshift:down\""},
        {"-- comment\n  CREATE TABLE t (id int);\n-- pgshift:up\n",
         "f.sql:2:3: only blank lines and -- comments may come before \"-- pgshift:up\""},
        {"/* header */\n-- pgshift:up\n",
         "f.sql:1:1: only blank lines and -- comments may come before \"-- pgshift:up\""},
        {"-- pgshift:no-transaction\n-- pgshift:up\n",
         "f.sql:1:1: directive \"no-transaction\" must be inside a section, below \"-- "
         "pgshift:up\""},
        {"-- pgshift:up\nSELECT 1;\n-- pgshift:up\n",
         "f.sql:3:1: repeated \"-- pgshift:up\" marker (first on line 1)"},
        {"-- pgshift:up\n-- pgshift:down\n\n -- pgshift:down\n",
         "f.sql:4:2: repeated \"-- pgshift:down\" marker (first on line 2)"},
        {"-- pgshift:down\nSELECT 1;\n-- pgshift:up\n",
         "f.sql:1:1: \"-- pgshift:down\" must come after \"-- pgshift:up\""},
        {"-- pgshift:up now\n", "f.sql:1:15: section marker \"-- pgshift:up\" takes no argument"},
        {"-- pgshift:up\nSELECT 1;\n-- pgshift:retries 3\n",
         "f.sql:3:1: directive \"retries\" must be at the top of the section, before the first "
         "statement"},
        {"-- pgshift:up\n-- pgshift:down\n-- pgshift:bogus\n",
         "f.sql:3:12: unknown directive \"bogus\" (known: no-transaction, lock-timeout, "
         "statement-timeout, retries, lint-ignore, batch)"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.text);
      auto s = split_single(r.text, "f.sql");
      REQUIRE_FALSE(s.is_ok());
      CHECK(s.status().code() == Code::invalid_input);
      CHECK(s.status().message() == r.message);
    }
  }
}

TEST_CASE("core::discover") {
  TempDir tmp;
  const std::string dir = tmp / "migrations";
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    return tmp.write("migrations/" + name, text);
  };
  auto error_of = [&]() {
    auto r = discover(dir);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::invalid_input);
    return r.status().message();
  };

  SUBCASE("finds every form, sorted by numeric version") {
    write("10_ten.sql", "-- pgshift:up\nSELECT 10;\n-- pgshift:down\nSELECT -10;\n");
    write("2_two.up.sql", "-- pgshift:no-transaction\nSELECT 2;\n");
    write("2_two.down.sql", "SELECT -2;\n");
    write("0003_three.up.sql", "SELECT 3;\n");
    write("4_ops.toml", "[[operations]]\nadd_column = { table = \"t\" }\n");
    write("README.md", "# notes\n");
    write(".gitkeep", "");
    write("notes.txt", "x");
    tmp.write("migrations/1_sub_folder.sql/ignored.sql", "not read");  // a folder: ignored

    auto r = discover(dir);
    INFO(r.status().message());
    REQUIRE(r.is_ok());
    REQUIRE(r->size() == 4);
    const auto& m = *r;
    CHECK(m[0].version == "2");
    CHECK(m[0].name == "two");
    CHECK(m[0].form == FileForm::pair);
    CHECK(m[0].path == dir + "/2_two.up.sql");
    CHECK(m[0].down_path == dir + "/2_two.down.sql");
    REQUIRE(m[0].up.has_value());
    CHECK(m[0].up->text == "-- pgshift:no-transaction\nSELECT 2;\n");
    CHECK(m[0].up->first_line == 1);
    CHECK(m[0].up->directives.file.no_transaction);
    REQUIRE(m[0].down.has_value());
    CHECK(m[0].down->text == "SELECT -2;\n");
    CHECK(m[0].down->path == dir + "/2_two.down.sql");
    CHECK(m[0].section(Direction::down) == &*m[0].down);

    CHECK(m[1].version == "3");
    CHECK(m[1].form == FileForm::pair);
    CHECK_FALSE(m[1].down.has_value());
    CHECK(m[1].down_path.empty());
    CHECK(m[1].section(Direction::down) == nullptr);

    CHECK(m[2].version == "4");
    CHECK(m[2].form == FileForm::operations);
    CHECK_FALSE(m[2].up.has_value());
    CHECK(m[2].toml_text.find("add_column") != std::string::npos);

    CHECK(m[3].version == "10");
    CHECK(m[3].form == FileForm::single);
    CHECK(m[3].path == dir + "/10_ten.sql");
    REQUIRE(m[3].up.has_value());
    CHECK(m[3].up->text == "SELECT 10;\n");
    CHECK(m[3].up->first_line == 2);
    REQUIRE(m[3].down.has_value());
    CHECK(m[3].down->text == "SELECT -10;\n");
  }

  SUBCASE("an empty directory has no migrations") {
    auto r = discover(dir);
    REQUIRE(r.is_ok());
    CHECK(r->empty());
  }

  SUBCASE("a UTF-8 BOM is dropped silently") {
    write("1_a.up.sql", "\xEF\xBB\xBFSELECT 1;\n");
    auto r = discover(dir);
    REQUIRE(r.is_ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].up->text == "SELECT 1;\n");
    CHECK((*r)[0].up->first_line == 1);
  }

  SUBCASE("a missing directory is an error naming it") {
    auto r = discover(tmp / "nope");
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == "migrations directory \"" + (tmp / "nope") + "\" does not exist");
  }

  SUBCASE("a file given as the directory is an error") {
    std::string file = tmp.write("file.txt", "x");
    auto r = discover(file);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().message() == "migrations directory \"" + file + "\" is not a directory");
  }

  SUBCASE("numerically equal versions are duplicates") {
    write("2_a.sql", "-- pgshift:up\n");
    write("0002_b.up.sql", "SELECT 1;");
    CHECK(error_of() ==
          "duplicate version 2: \"" + dir + "/0002_b.up.sql\" and \"" + dir + "/2_a.sql\"");
  }

  SUBCASE("an up and a down of one version with different names are duplicates") {
    write("5_a.up.sql", "SELECT 1;");
    write("5_b.down.sql", "SELECT 1;");
    CHECK(error_of() ==
          "duplicate version 5: \"" + dir + "/5_a.up.sql\" and \"" + dir + "/5_b.down.sql\"");
  }

  SUBCASE("a single file and an operations file of one version are duplicates") {
    write("7_a.sql", "-- pgshift:up\n");
    write("7_a.toml", "");
    CHECK(error_of() ==
          "duplicate version 7: \"" + dir + "/7_a.sql\" and \"" + dir + "/7_a.toml\"");
  }

  SUBCASE("a down file without its up file is an error") {
    write("1_a.up.sql", "SELECT 1;");
    write("3_c.down.sql", "SELECT 1;");
    CHECK(error_of() == dir + "/3_c.down.sql: down file without its up file \"3_c.up.sql\"");
  }

  SUBCASE("a malformed name is an error naming the file") {
    write("1_Bad-Name.up.sql", "SELECT 1;");
    CHECK(error_of().find(dir + "/1_Bad-Name.up.sql: malformed migration file name: ") == 0);
  }

  SUBCASE("a file larger than the limit is refused without being read") {
    write("1_a.up.sql", "");
    std::filesystem::resize_file(dir + "/1_a.up.sql", k_max_migration_file_bytes + 1);  // sparse
    CHECK(error_of() == dir + "/1_a.up.sql: file is larger than 64 MiB");
  }

  SUBCASE("invalid UTF-8 is reported at the first bad byte") {
    write("1_a.up.sql", "SELECT 1;\nSELECT 'caf\xe9';\n");
    CHECK(error_of() == dir + "/1_a.up.sql:2:12: file is not valid UTF-8");
  }

  SUBCASE("positions after a BOM count from the first character after it") {
    write("1_a.up.sql", "\xEF\xBB\xBF\xff");
    CHECK(error_of() == dir + "/1_a.up.sql:1:1: file is not valid UTF-8");
  }

  SUBCASE("a NUL byte is an error") {
    write("1_a.up.sql", std::string("SELECT 1;\0", 10));
    CHECK(error_of() == dir + "/1_a.up.sql:1:10: file contains a NUL byte");
  }

  SUBCASE("a section marker in a pair file is an error") {
    write("1_a.up.sql", "SELECT 1;\n-- pgshift:down\nSELECT 2;\n");
    CHECK(error_of() == dir +
                            "/1_a.up.sql:2:1: section markers belong in single-file migrations "
                            "(<version>_<name>.sql)");
  }

  SUBCASE("directive errors in a down file name the down file") {
    write("1_a.up.sql", "SELECT 1;\n");
    write("1_a.down.sql", "-- pgshift:nope\n");
    CHECK(error_of().find(dir + "/1_a.down.sql:1:12: unknown directive \"nope\"") == 0);
  }

  SUBCASE("a single file without an up marker is an error") {
    write("1_a.sql", "SELECT 1;\n");
    CHECK(error_of().find(dir + "/1_a.sql:1:1: missing \"-- pgshift:up\" marker") == 0);
  }

  SUBCASE("an operations file that is not valid TOML is an error with its position") {
    write("1_a.toml", "[[operations]]\nadd_column = \n");
    CHECK(error_of().find(dir + "/1_a.toml:2:") == 0);
  }

  SUBCASE("a directory given with a trailing slash gives the same paths") {
    write("1_a.up.sql", "SELECT 1;\n");
    auto r = discover(dir + "/");
    REQUIRE(r.is_ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].path == dir + "/1_a.up.sql");
  }
}
