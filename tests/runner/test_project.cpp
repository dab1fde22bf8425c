#include <doctest/doctest.h>

#include <string>

#include "core/temp_dir.hpp"
#include "runner/project.hpp"

namespace pgshift::runner {

TEST_CASE("runner::load_project") {
  test::TempDir dir;
  dir.write("1_a.up.sql", "CREATE TABLE a (id int);\n");
  dir.write("2_b.up.sql", "CREATE TABLE b (id int);\n");
  Options options;
  options.dir = dir.path();

  SUBCASE("prepares every file") {
    auto files = load_project(options);
    REQUIRE_MESSAGE(files.is_ok(), files.status().message());
    CHECK(files->size() == 2);
  }
  SUBCASE("stops as soon as SIGINT/SIGTERM asked it to (a requested cancel token)") {
    CancelToken cancel;
    cancel.request();
    auto files = load_project(options, &cancel);
    REQUIRE_FALSE(files.is_ok());
    CHECK(files.status().code() == Code::interrupted);
  }
}

}  // namespace pgshift::runner
