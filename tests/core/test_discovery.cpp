#include <doctest/doctest.h>

#include <sys/stat.h>

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
        // Names as other tools accept them: dashes, capitals, dots.
        {"20211115181400_update-auth-permissions.sql", "20211115181400", "20211115181400",
         "update-auth-permissions", FileForm::single, std::nullopt},
        {"1_Bad-Name.up.sql", "1", "1", "Bad-Name", FileForm::pair, Direction::up},
        {"0002_1.7.0_schema.up.sql", "2", "0002", "1.7.0_schema", FileForm::pair, Direction::up},
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
                "<version>_<name>.sql or <version>_<name>.toml, with a numeric <version>");
    }
  }
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
    tmp.write("migrations/archive/1_old.sql", "not read");  // a folder: ignored

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

  SUBCASE("an up and a down file pair by version, whatever their names") {
    write("30_add_magic_metadata.up.sql", "SELECT 1;");
    write("30_drop_magic_metadata.down.sql", "SELECT 2;");
    auto r = discover(dir);
    INFO(r.status().message());
    REQUIRE(r.is_ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].name == "add_magic_metadata");
    CHECK((*r)[0].path == dir + "/30_add_magic_metadata.up.sql");
    CHECK((*r)[0].down_path == dir + "/30_drop_magic_metadata.down.sql");
    REQUIRE((*r)[0].down.has_value());
    CHECK((*r)[0].down->text == "SELECT 2;");
  }

  SUBCASE("two up files of one version are duplicates, and so are two down files") {
    write("5_a.up.sql", "SELECT 1;");
    write("5_b.up.sql", "SELECT 1;");
    CHECK(error_of() ==
          "duplicate version 5: \"" + dir + "/5_a.up.sql\" and \"" + dir + "/5_b.up.sql\"");
    std::filesystem::remove(dir + "/5_b.up.sql");
    write("5_a.down.sql", "SELECT 1;");
    write("5_c.down.sql", "SELECT 1;");
    CHECK(error_of() ==
          "duplicate version 5: \"" + dir + "/5_a.down.sql\" and \"" + dir + "/5_c.down.sql\"");
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
    CHECK(error_of() == dir + "/3_c.down.sql: down file without an up file of version 3");
  }

  SUBCASE("a malformed name is an error naming the file") {
    write("1_a.up.sql.bak", "SELECT 1;");
    CHECK(error_of().find(dir + "/1_a.up.sql.bak: malformed migration file name: ") == 0);
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

  SUBCASE("directive errors in a down file only make its down SQL unusable, naming the file") {
    write("1_a.up.sql", "SELECT 1;\n");
    write("1_a.down.sql", "-- pgshift:nope\n");
    auto r = discover(dir);
    REQUIRE(r.is_ok());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].up.has_value());
    CHECK_FALSE((*r)[0].down.has_value());
    CHECK((*r)[0].down_path == dir + "/1_a.down.sql");
    CHECK((*r)[0].down_error.message().find(dir + "/1_a.down.sql:1:12: unknown directive") == 0);
  }

  SUBCASE("a down file that is not UTF-8 only makes its down SQL unusable") {
    write("1_a.up.sql", "SELECT 1;\n");
    write("1_a.down.sql", "SELECT '\xff';\n");
    auto r = discover(dir);
    INFO(r.status().message());
    REQUIRE(r.is_ok());
    CHECK((*r)[0].down_error.message() == dir + "/1_a.down.sql:1:9: file is not valid UTF-8");
  }

  SUBCASE("errors in the down section of a single file only make its down SQL unusable") {
    write("1_a.sql", "-- pgshift:up\nSELECT 1;\n-- pgshift:down\n-- pgshift:nope\n");
    auto r = discover(dir);
    REQUIRE(r.is_ok());
    CHECK((*r)[0].up.has_value());
    CHECK((*r)[0].down_error.message().find(dir + "/1_a.sql:4:12: unknown directive") == 0);
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

TEST_CASE("core::discover entries that are not regular files") {
  TempDir tmp;
  const std::string dir = tmp / "migrations";
  std::filesystem::create_directories(dir);
  tmp.write("migrations/1_a.up.sql", "SELECT 1;\n");
  auto error_of = [&]() {
    auto r = discover(dir);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::invalid_input);
    return r.status().message();
  };

  SUBCASE("a symbolic link to a regular file is followed") {
    const std::string target = tmp.write("elsewhere/2.sql", "SELECT 2;\n");
    std::filesystem::create_symlink(target, dir + "/2_b.up.sql");
    auto r = discover(dir);
    REQUIRE(r.is_ok());
    REQUIRE(r->size() == 2);
    CHECK((*r)[1].up->text == "SELECT 2;\n");
  }

  SUBCASE("a dangling symbolic link named like a migration is an error") {
    std::filesystem::create_symlink(tmp / "gone.sql", dir + "/2_b.up.sql");
    CHECK(error_of() ==
          "\"" + dir + "/2_b.up.sql\" is a dangling symbolic link (its target does not exist)");
  }

  SUBCASE("a symbolic link loop named like a migration is an error") {
    std::filesystem::create_symlink(dir + "/2_b.up.sql", dir + "/2_b.up.sql");
    CHECK(error_of() == "\"" + dir + "/2_b.up.sql\" is a symbolic link loop");
  }

  SUBCASE("a FIFO named like a migration is an error") {
    REQUIRE(mkfifo((dir + "/2_b.up.sql").c_str(), 0600) == 0);
    CHECK(error_of() == "\"" + dir + "/2_b.up.sql\" is a FIFO, not a regular file");
  }

  SUBCASE("a directory named like a migration file is an error") {
    std::filesystem::create_directories(dir + "/2_x.up.sql");
    CHECK(error_of() == "\"" + dir + "/2_x.up.sql\" is a directory, not a migration file");
  }

  SUBCASE("entries that are not named like migrations are ignored, whatever they are") {
    std::filesystem::create_symlink(tmp / "gone", dir + "/README.md");
    REQUIRE(mkfifo((dir + "/notes").c_str(), 0600) == 0);
    std::filesystem::create_symlink(tmp / "gone", dir + "/.#1_a.up.sql");  // an editor's lock
    std::filesystem::create_directories(dir + "/archive");
    auto r = discover(dir);
    REQUIRE(r.is_ok());
    CHECK(r->size() == 1);
  }
}

TEST_CASE("core::discover_layout") {
  TempDir tmp;
  const std::string dir = tmp / "m";
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    return tmp.write("m/" + name, text);
  };
  auto layout_of = [&](std::string_view forced = "") {
    auto r = discover_layout(dir, forced);
    INFO(r.status().message());
    REQUIRE(r.is_ok());
    return r->layout;
  };
  auto error_of = [&](std::string_view forced = "") {
    auto r = discover_layout(dir, forced);
    REQUIRE_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::invalid_input);
    return r.status().message();
  };

  SUBCASE("each layout is detected from its names and annotations") {
    struct Row {
      const char* layout;
      std::vector<std::pair<const char*, const char*>> files;
    };
    const Row rows[] = {
        {"pgshift", {}},
        {"golang-migrate", {{"1_a.up.sql", "SELECT 1;"}, {"1_a.down.sql", "SELECT 2;"}}},
        {"pgshift", {{"1_a.up.sql", "SELECT 1;"}, {"2_b.sql", "-- pgshift:up\nSELECT 2;"}}},
        {"pgshift", {{"1_a.up.sql", "SELECT 1;"}, {"2_b.toml", "[[operations]]\n"}}},
        {"goose", {{"001_a.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n"}}},
        {"dbmate", {{"20200101_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n"}}},
        {"sql-migrate", {{"1_a.sql", "-- +migrate Up\nSELECT 1;\n"}}},
        {"flyway", {{"V1__init.sql", "SELECT 1;"}, {"R__views.sql", "SELECT 2;"}}},
        {"folders", {{"20230101000000_init/migration.sql", "SELECT 1;"}}},
        {"folders",
         {{"migration_lock.toml", "provider = \"postgresql\""},
          {"20230101000000_init/migration.sql", "SELECT 1;"}}},
        {"folders",
         {{"2019-01-01-000000_init/up.sql", "SELECT 1;"},
          {"2019-01-01-000000_init/down.sql", "SELECT 2;"}}},
    };
    for (const Row& r : rows) {
      CAPTURE(r.layout);
      std::filesystem::remove_all(dir);
      std::filesystem::create_directories(dir);
      for (const auto& [name, text] : r.files) {
        write(name, text);
      }
      CHECK(layout_of() == r.layout);
    }
  }

  SUBCASE("a folder that mixes layouts is an error naming two files of different layouts") {
    write("1_a.up.sql", "SELECT 1;");
    write("2_b.sql", "-- +goose Up\nSELECT 2;\n");
    CHECK(error_of() == "migrations directory \"" + dir + "\" mixes layouts: \"" + dir +
                            "/1_a.up.sql\" is in golang-migrate layout and \"" + dir +
                            "/2_b.sql\" in goose layout: keep one layout per directory "
                            "(docs/file-formats.md)");
  }

  SUBCASE("a file without annotations among goose files gets goose's explanation") {
    write("1_a.sql", "-- +goose Up\nSELECT 1;\n");
    write("2_b.sql", "SELECT 2;\n");
    CHECK(error_of() == dir +
                            "/2_b.sql:1:1: missing \"-- +goose Up\" marker: a goose migration "
                            "puts its SQL below \"-- +goose Up\" and its down SQL, if any, below "
                            "\"-- +goose Down\"");
  }

  SUBCASE("a layout can be forced") {
    write("1_a.sql", "-- +goose Up\nSELECT 1;\n");
    CHECK(layout_of("goose") == "goose");
    CHECK(layout_of("auto") == "goose");
    CHECK(error_of("dbmate") == dir +
                                    "/1_a.sql:1:1: missing \"-- migrate:up\" marker: a dbmate "
                                    "migration puts its SQL below \"-- migrate:up\" and its down "
                                    "SQL, if any, below \"-- migrate:down\"");
    CHECK(error_of("flyway").find(dir + "/1_a.sql: malformed migration file name: ") == 0);
    CHECK(error_of("folders").find(dir +
                                   "/1_a.sql: malformed migration file name: a migration is a "
                                   "folder") == 0);
    write("2_b.up.sql", "SELECT 2;");
    std::filesystem::remove(dir + "/1_a.sql");
    CHECK(error_of("goose") == dir +
                                   "/2_b.up.sql:1:1: missing \"-- +goose Up\" marker: a goose "
                                   "migration puts its SQL below \"-- +goose Up\" and its down "
                                   "SQL, if any, below \"-- +goose Down\"");
    CHECK(error_of("gose") ==
          "unknown layout \"gose\" (known: auto, golang-migrate, pgshift, goose, dbmate, "
          "sql-migrate, flyway, folders)");
  }

  SUBCASE("dotted versions sort as version numbers, Flyway's 1_1 is 1.1") {
    write("V1.10__ten.sql", "SELECT 10;");
    write("V1.9__nine.sql", "SELECT 9;");
    write("V1_1__one.sql", "SELECT 1;");
    write("V2__two.sql", "SELECT 2;");
    write("V13.1__thirteen.sql", "SELECT 13;");
    write("U1.9__undo_nine.sql", "SELECT -9;");
    write("R__views.sql", "SELECT 0;");
    auto r = discover_layout(dir, "");
    REQUIRE(r.is_ok());
    std::vector<std::string> versions;
    for (const auto& m : r->migrations) {
      versions.push_back(m.version);
    }
    CHECK(versions == std::vector<std::string>{"1.1", "1.9", "1.10", "2", "13.1", "R__views"});
    CHECK(r->migrations[1].down_path == dir + "/U1.9__undo_nine.sql");
    CHECK(r->migrations[1].down->text == "SELECT -9;");
    CHECK(r->migrations[5].repeatable);
    CHECK(r->migrations[5].name == "views");
    CHECK_FALSE(r->migrations[4].repeatable);
  }

  SUBCASE("versions equal as version numbers are duplicates") {
    write("V1__a.sql", "SELECT 1;");
    write("V1.0__b.sql", "SELECT 1;");
    CHECK(error_of() ==
          "duplicate version 1: \"" + dir + "/V1.0__b.sql\" and \"" + dir + "/V1__a.sql\"");
  }

  SUBCASE("a migration folder without migration.sql or up.sql is an error") {
    write("20230101000000_a/migration.sql", "SELECT 1;");
    write("20230102000000_b/notes.txt", "x");
    CHECK(error_of() ==
          dir + "/20230102000000_b: migration folder without migration.sql or up.sql");
  }

  SUBCASE("a folder named like a migration without SQL files is ignored in other layouts") {
    write("1_a.up.sql", "SELECT 1;");
    write("20230102000000_old/notes.txt", "x");
    CHECK(layout_of() == "golang-migrate");
  }
}

TEST_CASE("core::read_sql_file reads one file in the layout its name and annotations show") {
  TempDir tmp;
  SUBCASE("a goose file gives its up section") {
    auto s =
        read_sql_file(tmp.write("1_a.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;\n"));
    REQUIRE(s.is_ok());
    REQUIRE(s->has_value());
    CHECK((*s)->text == "SELECT 1;\n");
    CHECK((*s)->first_line == 2);
  }
  SUBCASE("a .sql file of no layout is one section, whatever its name") {
    for (const char* name : {"1_plain.sql", "hotfix.sql", "V1__x.sql"}) {
      CAPTURE(name);
      auto s = read_sql_file(tmp.write(name, "SELECT 1;\n"));
      REQUIRE(s.is_ok());
      REQUIRE(s->has_value());
      CHECK((*s)->text == "SELECT 1;\n");
    }
  }
  SUBCASE("an operations file is skipped") {
    auto s = read_sql_file(tmp.write("2_ops.toml", "[[operations]]\n"));
    REQUIRE(s.is_ok());
    CHECK_FALSE(s->has_value());
  }
  SUBCASE("a bad annotation is an error with its position") {
    auto s = read_sql_file(tmp.write("1_a.sql", "-- +goose Up\n-- +goose Sideways\n"));
    REQUIRE_FALSE(s.is_ok());
    CHECK(s.status().message() ==
          tmp / "1_a.sql" +
              ":2:11: unknown goose annotation \"Sideways\" (known: Up, Down, StatementBegin, "
              "StatementEnd, NO TRANSACTION, ENVSUB OFF)");
  }
}
