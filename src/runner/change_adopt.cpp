// Adopting another tool's history as up's first change (or adopt's only one): the rows it
// records, with their audit events, before any migration runs.
#include <fmt/format.h>

#include "runner/change.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

namespace {

class AdoptionChange final : public Change {
 public:
  explicit AdoptionChange(const Adoption& adoption) : m_adoption(adoption) {}

  Status check(const CheckContext&) override { return Status::ok(); }

  bool runs_sql() const override { return false; }

  void describe(const CheckContext& ctx, RunReport& report) const override {
    for (const std::string& what : m_adoption.foreign.ignored) {
      emit(ctx.sink, Event{"adopt_ignored",
                           Level::warning,
                           fmt::format("{} history {}: not adopted: {}", m_adoption.foreign.tool,
                                       m_adoption.foreign.table, what),
                           {}});
    }
    if (ctx.up.dry_run) {
      report.adopted = count();
      emit(ctx.sink, event("would_adopt", "would adopt"));
    }
  }

  Status run(RunContext& ctx) override {
    PGSHIFT_TRY(record_adoption(ctx.exec.session, ctx.exec.store, m_adoption));
    ctx.report.adopted = count();
    emit(ctx.exec.sink, event("adopted", "adopted"));
    return Status::ok();
  }

 private:
  int count() const { return static_cast<int>(m_adoption.rows.size()); }

  Event event(const char* kind, const char* verb) const {
    const int n = count();
    return Event{kind,
                 Level::info,
                 fmt::format("{} {} migration{} from {} history {} through version {} (recorded "
                             "as applied without running them)",
                             verb, n, n == 1 ? "" : "s", m_adoption.foreign.tool,
                             m_adoption.foreign.table, m_adoption.through()),
                 {}}
        .with("tool", m_adoption.foreign.tool)
        .with("table", m_adoption.foreign.table)
        .with("through", m_adoption.through())
        .with("migrations", static_cast<std::int64_t>(n));
  }

  const Adoption& m_adoption;
};

}  // namespace

std::unique_ptr<Change> adoption_change(const Adoption& adoption) {
  return std::make_unique<AdoptionChange>(adoption);
}

}  // namespace pgshift::runner
