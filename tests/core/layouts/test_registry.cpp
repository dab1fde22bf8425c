#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/layout.hpp"

using namespace pgshift::core;

TEST_CASE("layouts::registry") {
  SUBCASE("ids are unique and found") {
    for (const Layout* l : all_layouts()) {
      CAPTURE(l->id);
      CHECK(find_layout(l->id) == l);
      CHECK(static_cast<bool>(l->match));
      CHECK(static_cast<bool>(l->read));
      CHECK_FALSE(l->summary.empty());
    }
    CHECK(find_layout("nope") == nullptr);
    CHECK(layout_ids() == "golang-migrate, pgshift, goose, dbmate, sql-migrate, flyway, folders");
  }

  SUBCASE("every layout has its section in docs/file-formats.md") {
    const char* root = std::getenv("PGSHIFT_SOURCE_DIR");
    REQUIRE(root != nullptr);
    std::ifstream in(std::filesystem::path(root) / "docs/file-formats.md");
    std::stringstream doc;
    doc << in.rdbuf();
    for (const Layout* l : all_layouts()) {
      CAPTURE(l->id);
      CHECK(doc.str().find("### " + std::string(l->id) + "\n") != std::string::npos);
    }
  }
}
