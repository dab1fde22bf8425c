#include <doctest/doctest.h>

#include "core/failpoint.hpp"

using pgshift::Code;
using pgshift::core::check_failpoints;
using pgshift::core::failpoint_names;

TEST_CASE("core::check_failpoints") {
  SUBCASE("names with an optional hit count, comma-separated, are accepted") {
    for (const char* spec : {"", "before-progress", "before-progress:2",
                             "before-progress:1,after-progress:3", "after-progress,"}) {
      CAPTURE(spec);
      CHECK(check_failpoints(spec).is_ok());
    }
  }
  SUBCASE("an unknown name or a bad count is an input error naming the entry") {
    struct Row {
      const char* spec;
      const char* message;
    };
    const Row rows[] = {
        {"before-progres",
         "PGSHIFT_FAILPOINT: unknown failpoint \"before-progres\" (known: before-progress, "
         "after-progress)"},
        {"before-progress:0",
         "PGSHIFT_FAILPOINT: \"before-progress:0\": the count after \":\" must be a whole number "
         "from 1"},
        {"after-progress:x",
         "PGSHIFT_FAILPOINT: \"after-progress:x\": the count after \":\" must be a whole number "
         "from 1"},
    };
    for (const Row& r : rows) {
      CAPTURE(r.spec);
      auto s = check_failpoints(r.spec);
      CHECK(s.code() == Code::invalid_input);
      CHECK(s.message() == r.message);
    }
  }
  SUBCASE("every name is listed for a crash sweep") {
    CHECK(failpoint_names().size() == 2);
  }
}
