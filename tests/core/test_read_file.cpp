#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/read_file.hpp"
#include "core/temp_dir.hpp"

using namespace pgshift::core;
using pgshift::Code;
using pgshift::test::TempDir;

TEST_CASE("core::size_limit_text") {
  CHECK(size_limit_text(std::size_t{64} << 20) == "64 MiB");
  CHECK(size_limit_text(std::size_t{1} << 20) == "1 MiB");
  CHECK(size_limit_text(512 * 1024) == "512 KiB");
  CHECK(size_limit_text(100) == "100 bytes");
}

TEST_CASE("core::read_file_limited") {
  TempDir dir;

  SUBCASE("a file up to the limit is read whole") {
    const std::string path = dir.write("a.sql", std::string(1000, 'x'));
    auto text = read_file_limited(path, 1000);
    REQUIRE(text.is_ok());
    CHECK(text->size() == 1000);
  }

  SUBCASE("a regular file over the limit is refused before it is read") {
    // Sparse: 65 MiB that take no disk space, refused from its size alone.
    const std::string path = dir / "big.sql";
    dir.write("big.sql", "");
    std::filesystem::resize_file(path, k_max_migration_file_bytes + 1);
    auto text = read_file_limited(path, k_max_migration_file_bytes);
    REQUIRE_FALSE(text.is_ok());
    CHECK(text.status().code() == Code::invalid_input);
    CHECK(text.status().message() == "file is larger than 64 MiB");
  }

  SUBCASE("an endless file (/dev/zero) is read up to the limit, then refused") {
    auto text = read_file_limited("/dev/zero", k_max_config_file_bytes);
    REQUIRE_FALSE(text.is_ok());
    CHECK(text.status().code() == Code::invalid_input);
    CHECK(text.status().message() == "file is larger than 1 MiB");
  }

  SUBCASE("a missing file says why it cannot be read") {
    auto text = read_file_limited(dir / "missing.sql", 1000);
    REQUIRE_FALSE(text.is_ok());
    CHECK(text.status().code() == Code::invalid_input);
    CHECK(text.status().message() == "cannot read file: No such file or directory");
  }
}
