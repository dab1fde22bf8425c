#include <doctest/doctest.h>

#include "runner/reconcile.hpp"

using namespace pgshift;
using namespace pgshift::runner;

namespace {

Prepared file(const std::string& version, const std::string& sum = "sum") {
  Prepared p;
  p.source.version = version;
  p.source.name = "m" + version;
  p.source.path = "migrations/" + version + "_m.up.sql";
  p.kind = history::Kind::sql;
  p.up_normalized = sum;
  p.up_exact = "exact-" + sum;
  return p;
}

history::MigrationRow row(const std::string& version, const std::string& sum = "sum",
                          const std::string& state = "applied") {
  history::MigrationRow r;
  r.version = version;
  r.name = "m" + version;
  r.state = history::parse_state(state).value();
  r.checksum_up = sum;
  return r;
}

const Entry& find(const std::vector<Entry>& es, const std::string& v) {
  for (const auto& e : es) {
    if (e.version == v) {
      return e;
    }
  }
  FAIL("no entry " << v);
  return es.front();
}

}  // namespace

TEST_CASE("runner::reconcile") {
  SUBCASE("states of files and rows, in numeric version order") {
    std::vector<Prepared> files{file("2"), file("10"), file("3", "edited")};
    std::vector<history::MigrationRow> rows{row("2"), row("3", "original"), row("7")};
    auto es = reconcile(files, rows, std::nullopt);
    REQUIRE(es.size() == 4);
    CHECK(es[0].version == "2");
    CHECK(es[1].version == "3");
    CHECK(es[2].version == "7");
    CHECK(es[3].version == "10");
    CHECK(find(es, "2").state == State::applied);
    CHECK(find(es, "3").state == State::changed);
    CHECK(find(es, "7").state == State::missing);
    CHECK(find(es, "10").state == State::pending);
    CHECK(newest_recorded(es) == "7");
  }
  SUBCASE("the recorded checksum mode decides what is compared") {
    std::vector<Prepared> files{file("1")};
    auto r = row("1", "exact-sum");
    r.checksum_mode = "exact";
    std::vector<history::MigrationRow> rows{r};
    CHECK(reconcile(files, rows, std::nullopt)[0].state == State::applied);
    rows[0].checksum_mode = "normalized";
    CHECK(reconcile(files, rows, std::nullopt)[0].state == State::changed);
  }
  SUBCASE("files at or below the baseline without a row are baseline, above are pending") {
    std::vector<Prepared> files{file("1"), file("5"), file("6")};
    auto es = reconcile(files, {}, std::string("5"));
    CHECK(find(es, "1").state == State::baseline);
    CHECK(find(es, "5").state == State::baseline);
    CHECK(find(es, "6").state == State::pending);
  }
  SUBCASE("failed rows are failed") {
    std::vector<Prepared> files{file("1")};
    std::vector<history::MigrationRow> rows{row("1", "sum", "failed")};
    CHECK(reconcile(files, rows, std::nullopt)[0].state == State::failed);
  }
  SUBCASE("partial rows list the done statements whose text changed") {
    Prepared f = file("1");
    exec::Plan plan;
    for (const char* sum : {"s1", "s2-edited", "s3"}) {
      exec::Step st;
      st.checksum = sum;
      plan.steps.push_back(st);
    }
    f.up = plan;
    auto r = row("1", "sum", "partial");
    r.statements_done = 2;
    r.statement_checksums = {"s1", "s2"};
    std::vector<Prepared> files{f};
    std::vector<history::MigrationRow> rows{r};
    auto es = reconcile(files, rows, std::nullopt);
    CHECK(es[0].state == State::partial);
    REQUIRE(es[0].edited_statements.size() == 1);
    CHECK(es[0].edited_statements[0] == 2);
    CHECK(es[0].detail.find("2 of 3 statements done") == 0);
  }
  SUBCASE("an edited down section is noted without changing the state") {
    Prepared f = file("1");
    f.down_normalized = "new-down";
    auto r = row("1");
    r.checksum_down = "old-down";
    std::vector<Prepared> files{f};
    std::vector<history::MigrationRow> rows{r};
    auto es = reconcile(files, rows, std::nullopt);
    CHECK(es[0].state == State::applied);
    CHECK(es[0].down_changed);
  }
  SUBCASE("operations migrations: expanded rows, and a partial expand whose file was edited") {
    Prepared f = file("1");
    f.kind = history::Kind::ops;
    auto expanded = row("1", "sum", "expanded");
    expanded.kind = history::Kind::ops;
    {
      std::vector<Prepared> files{f};
      std::vector<history::MigrationRow> rows{expanded};
      CHECK(reconcile(files, rows, std::nullopt)[0].state == State::expanded);
    }
    auto partial = row("1", "sum", "partial");
    partial.kind = history::Kind::ops;
    partial.statements_done = 2;
    {
      std::vector<Prepared> files{f};
      std::vector<history::MigrationRow> rows{partial};
      auto es = reconcile(files, rows, std::nullopt);
      CHECK(es[0].state == State::partial);
      CHECK(es[0].detail == "expand stopped after 2 steps");
    }
    partial.checksum_up = "other";
    {
      std::vector<Prepared> files{f};
      std::vector<history::MigrationRow> rows{partial};
      auto es = reconcile(files, rows, std::nullopt);
      CHECK(es[0].state == State::changed);
      CHECK(es[0].detail.find("was edited after its expand started") != std::string::npos);
    }
  }
}

TEST_CASE("runner::reconcile repeatable migrations") {
  auto repeatable = [](const std::string& sum) {
    Prepared p = file("R__views", sum);
    p.source.repeatable = true;
    return p;
  };
  SUBCASE("they come after every version, dotted ones in version order") {
    std::vector<Prepared> files{repeatable("a"), file("1.10"), file("1.9"), file("2")};
    auto es = reconcile(files, {}, std::nullopt);
    REQUIRE(es.size() == 4);
    CHECK(es[0].version == "1.9");
    CHECK(es[1].version == "1.10");
    CHECK(es[2].version == "2");
    CHECK(es[3].version == "R__views");
  }
  SUBCASE("an edit makes one pending again, not changed, and it is never the newest version") {
    std::vector<Prepared> files{file("1"), repeatable("edited")};
    std::vector<history::MigrationRow> rows{row("1"), row("R__views", "original")};
    auto es = reconcile(files, rows, std::nullopt);
    CHECK(find(es, "R__views").state == State::pending);
    CHECK(find(es, "R__views").detail.find("changed since it last ran") != std::string::npos);
    CHECK(newest_recorded(es) == "1");
  }
  SUBCASE("unchanged, it is applied") {
    std::vector<Prepared> files{repeatable("same")};
    std::vector<history::MigrationRow> rows{row("R__views", "same")};
    CHECK(reconcile(files, rows, std::nullopt)[0].state == State::applied);
  }
  SUBCASE("a baseline does not cover it") {
    std::vector<Prepared> files{file("1"), repeatable("a")};
    auto es = reconcile(files, {}, std::string("5"));
    CHECK(find(es, "1").state == State::baseline);
    CHECK(find(es, "R__views").state == State::pending);
  }
}

TEST_CASE("public names of states, forms and severities are the words status and --json print") {
  const std::pair<pgshift::MigrationState, const char*> states[] = {
      {pgshift::MigrationState::pending, "pending"},
      {pgshift::MigrationState::applied, "applied"},
      {pgshift::MigrationState::changed, "changed"},
      {pgshift::MigrationState::missing, "missing"},
      {pgshift::MigrationState::partial, "partial"},
      {pgshift::MigrationState::failed, "failed"},
      {pgshift::MigrationState::expanded, "expanded"},
      {pgshift::MigrationState::baseline, "baseline"}};
  for (const auto& [state, word] : states) {
    CHECK(std::string(pgshift::to_string(state)) == word);
  }
  CHECK(std::string(pgshift::to_string(pgshift::MigrationForm::pair)) == "pair");
  CHECK(std::string(pgshift::to_string(pgshift::MigrationForm::single)) == "single");
  CHECK(std::string(pgshift::to_string(pgshift::MigrationForm::operations)) == "operations");
  CHECK(std::string(pgshift::to_string(pgshift::MigrationForm::repeatable)) == "repeatable");
  CHECK(std::string(pgshift::to_string(pgshift::MigrationForm::none)).empty());
}
