#include <doctest/doctest.h>

#include "pgshift/cancel.hpp"
#include "pgshift/status.hpp"

using namespace pgshift;

TEST_CASE("core::exit codes") {
  SUBCASE("each outcome's code is its documented exit code") {
    struct Row {
      Code code;
      int exit;
      const char* name;
    };
    const Row table[] = {
        {Code::ok, 0, "ok"},
        {Code::failed, 1, "failed"},
        {Code::invalid_input, 2, "invalid_input"},
        {Code::lint_refused, 3, "lint_refused"},
        {Code::lock_timeout, 4, "lock_timeout"},
        {Code::drift, 5, "drift"},
        {Code::interrupted, 130, "interrupted"},
    };
    for (const auto& r : table) {
      CAPTURE(r.name);
      CHECK(static_cast<int>(r.code) == r.exit);
      CHECK(std::string(code_name(r.code)) == r.name);
    }
  }
}

TEST_CASE("core::Status") {
  SUBCASE("default is ok with no message") {
    Status s;
    CHECK(s.is_ok());
    CHECK(s.message().empty());
  }
  SUBCASE("context prefixes the message and keeps code and sqlstate") {
    Status s = Status::error(Code::failed, "boom").with_sqlstate("55P03").context("migration 3");
    CHECK(s.message() == "migration 3: boom");
    CHECK(s.code() == Code::failed);
    CHECK(s.sqlstate() == "55P03");
  }
  SUBCASE("context on ok stays ok") {
    CHECK(Status::ok().context("x").message().empty());
  }
  SUBCASE("Result carries a value or a status") {
    Result<int> good = 7;
    Result<int> bad = Status::error(Code::drift, "d");
    CHECK(good.is_ok());
    CHECK(*good == 7);
    CHECK_FALSE(bad.is_ok());
    CHECK(bad.status().code() == Code::drift);
  }
  SUBCASE("a Result built from an ok Status is an internal error, never an empty failure") {
    Result<int> r = Status::ok();
    CHECK_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::failed);
    CHECK(r.status().message() == "internal error: a result was built from an ok status");
  }
}

namespace {

Result<int> half(int n) {
  if (n % 2 != 0) {
    return Status::error(Code::invalid_input, std::to_string(n) + " is odd");
  }
  return n / 2;
}

Result<int> quarter(int n, int* steps) {
  PGSHIFT_ASSIGN_OR_RETURN(int h, half(n));
  ++*steps;
  PGSHIFT_ASSIGN_OR_RETURN(auto q, half(h));
  ++*steps;
  return q;
}

}  // namespace

TEST_CASE("core::PGSHIFT_ASSIGN_OR_RETURN") {
  SUBCASE("declares the value of an ok result") {
    int steps = 0;
    Result<int> r = quarter(8, &steps);
    REQUIRE(r.is_ok());
    CHECK(*r == 2);
    CHECK(steps == 2);
  }
  SUBCASE("returns the failure at once, with its code and message") {
    int steps = 0;
    Result<int> r = quarter(6, &steps);
    CHECK_FALSE(r.is_ok());
    CHECK(r.status().code() == Code::invalid_input);
    CHECK(r.status().message() == "3 is odd");
    CHECK(steps == 1);
  }
  SUBCASE("assigns to an existing variable and moves the value out") {
    auto take = [](Result<std::string> in) -> Status {
      std::string out = "unset";
      PGSHIFT_ASSIGN_OR_RETURN(out, std::move(in));
      CHECK(out == "moved");
      return Status::ok();
    };
    CHECK(take(std::string("moved")).is_ok());
    CHECK(take(Status::error(Code::drift, "d")).code() == Code::drift);
  }
}

TEST_CASE("core::CancelToken") {
  SUBCASE("runs callbacks once on the first request") {
    CancelToken t;
    int calls = 0;
    t.on_cancel([&] { ++calls; });
    t.request();
    t.request();
    CHECK(t.requested());
    CHECK(calls == 1);
  }
  SUBCASE("a removed callback does not run") {
    CancelToken t;
    int calls = 0;
    int id = t.on_cancel([&] { ++calls; });
    t.remove(id);
    t.request();
    CHECK(calls == 0);
  }
  SUBCASE("a callback registered after the request runs at once") {
    CancelToken t;
    t.request();
    int calls = 0;
    t.on_cancel([&] { ++calls; });
    CHECK(calls == 1);
  }
}
