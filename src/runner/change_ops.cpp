// An operations migration as up runs it: its expand phase (and with --complete its contract
// phase), planned before anything runs when no SQL migration comes first, else when it runs.
#include <fmt/format.h>

#include <list>

#include "runner/change.hpp"
#include "runner/ops_run.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

namespace {

class OpsChange final : public Change {
 public:
  explicit OpsChange(const Entry& entry) : m_entry(entry) {}
  const Entry* entry() const override { return &m_entry; }

  Status check(const CheckContext& ctx) override {
    if (auto it = ctx.planned.find(m_entry.version); it != ctx.planned.end()) {
      m_plan = it->second;
    }
    return Status::ok();
  }

  void describe(const CheckContext& ctx, RunReport& report) const override {
    if (!m_plan) {
      emit(ctx.sink, Event{"not_planned",
                           Level::info,
                           fmt::format("migration {} \"{}\" is planned when it runs: a pending "
                                       "SQL migration before it changes the schema it plans "
                                       "against",
                                       m_entry.version, m_entry.name),
                           {}}
                         .with("version", m_entry.version));
      return;
    }
    auto views = phase_views(ctx.options, m_entry, *m_plan);
    report.plans.push_back(views[0]);
    if (ctx.up.complete) {
      report.plans.push_back(views[1]);
    }
  }

  Status run(RunContext& ctx) override {
    PGSHIFT_ASSIGN_OR_RETURN(auto before, history_now(ctx));
    PGSHIFT_TRY(expand(ctx.exec, ctx.options, *find_entry(*before, m_entry.version), *before,
                       m_plan ? &*m_plan : nullptr));
    if (ctx.up.complete) {
      auto after = history_now(ctx);
      if (!after) {
        return after.status();
      }
      PGSHIFT_TRY(complete(ctx.exec, ctx.options, *find_entry(**after, m_entry.version), **after));
    }
    ++ctx.report.done;
    return Status::ok();
  }

 private:
  // History as it is now: earlier migrations of this run are in it (a fresh plan replays the
  // expanded ones; complete acts on the row this expand writes). Kept to the end of the run,
  // since the entries point into their rows.
  Result<const std::vector<Entry>*> history_now(const RunContext& ctx) {
    auto rows = ctx.exec.store.load();
    if (!rows) {
      return rows.status();
    }
    m_rows.push_back(std::move(rows).value());
    m_entries.push_back(reconcile(ctx.snapshot.files, m_rows.back(), ctx.snapshot.baseline));
    return &m_entries.back();
  }

  const Entry& m_entry;
  std::optional<ops::MigrationPlan> m_plan;
  std::list<std::vector<history::MigrationRow>> m_rows;
  std::list<std::vector<Entry>> m_entries;
};

}  // namespace

std::unique_ptr<Change> ops_change(const Entry& entry) {
  return std::make_unique<OpsChange>(entry);
}

}  // namespace pgshift::runner
