#include <doctest/doctest.h>

#include "runner/select.hpp"

using namespace pgshift;
using namespace pgshift::runner;

namespace {

Entry entry(const std::string& version, State state) {
  Entry e;
  e.version = version;
  e.name = "m" + version;
  e.state = state;
  return e;
}

std::vector<std::string> versions(const std::vector<const Entry*>& todo) {
  std::vector<std::string> out;
  for (const Entry* e : todo) {
    out.push_back(e->version);
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("runner::select_pending") {
  history::MigrationRow recorded;
  auto with_row = [&](Entry e) {
    e.row = &recorded;
    return e;
  };
  std::vector<Event> events;
  EventSink sink = [&](const Event& e) { events.push_back(e); };
  SUBCASE("pending and partial migrations, in order, up to --to") {
    std::vector<Entry> es{with_row(entry("1", State::applied)),
                          with_row(entry("2", State::partial)), entry("3", State::pending),
                          entry("4", State::pending)};
    UpOptions opts;
    CHECK(versions(*select_pending(es, opts, sink)) == V{"2", "3", "4"});
    opts.to = "3";
    CHECK(versions(*select_pending(es, opts, sink)) == V{"2", "3"});
  }
  SUBCASE("a pending migration older than the newest recorded needs --out-of-order") {
    std::vector<Entry> es{entry("1", State::pending), with_row(entry("2", State::applied))};
    UpOptions opts;
    auto r = select_pending(es, opts, sink);
    REQUIRE(!r.is_ok());
    CHECK(r.status().code() == Code::drift);
    opts.out_of_order = true;
    CHECK(versions(*select_pending(es, opts, sink)) == V{"1"});
  }
  SUBCASE("missing migrations are warned about and skipped") {
    std::vector<Entry> es{with_row(entry("1", State::missing)), entry("2", State::pending)};
    CHECK(versions(*select_pending(es, UpOptions{}, sink)) == V{"2"});
    REQUIRE(events.size() == 1);
    CHECK(events[0].kind == "missing");
  }
  SUBCASE("--to must be a version that exists") {
    std::vector<Entry> es{entry("1", State::pending)};
    CHECK(check_version_flag(std::string("x1"), "--to").code() == Code::invalid_input);
    CHECK(check_target(std::string("01"), es, "--to").is_ok());
    CHECK(check_target(std::string("2"), es, "--to").message() ==
          "--to: no migration has version 2");
  }
}
