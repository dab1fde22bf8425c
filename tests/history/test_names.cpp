#include <doctest/doctest.h>

#include "history/store.hpp"

using namespace pgshift::history;

TEST_CASE("history::kind and state names") {
  SUBCASE("each kind and state is stored as the name the columns' CHECK constraints admit") {
    CHECK(std::string(kind_name(Kind::sql)) == "sql");
    CHECK(std::string(kind_name(Kind::ops)) == "ops");
    const std::pair<RowState, const char*> states[] = {{RowState::applied, "applied"},
                                                       {RowState::partial, "partial"},
                                                       {RowState::expanded, "expanded"},
                                                       {RowState::failed, "failed"}};
    for (const auto& [state, name] : states) {
      CAPTURE(name);
      CHECK(std::string(state_name(state)) == name);
      CHECK(parse_state(name) == state);
    }
    CHECK(parse_kind("ops") == Kind::ops);
  }
  SUBCASE("any other text is no kind or state") {
    CHECK_FALSE(parse_kind("SQL").has_value());
    CHECK_FALSE(parse_kind("").has_value());
    CHECK_FALSE(parse_state("done").has_value());
  }
}
