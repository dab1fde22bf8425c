// An SQL migration as up runs it: its up plan through the executor, which writes its history
// row (inside its transaction, or after each statement of an autocommit file).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "runner/change.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

namespace {

class SqlChange final : public Change {
 public:
  explicit SqlChange(const Entry& entry) : m_entry(entry) {}
  const Entry* entry() const override { return &m_entry; }

  Status check(const CheckContext&) override {
    const Entry& e = m_entry;
    if (e.state == State::partial && e.file->up->transactional) {
      return Status::error(
          Code::drift,
          fmt::format("migration {} \"{}\" stopped part-way as a non-transactional file but now "
                      "runs in a transaction: restore its -- pgshift:no-transaction directive",
                      e.version, e.name));
    }
    return Status::ok();
  }

  const Prepared* linted() const override { return m_entry.file; }

  void describe(const CheckContext&, RunReport& report) const override {
    report.plans.push_back(plan_view(*m_entry.file->up, resume_from()));
  }

  Status run(RunContext& ctx) override {
    PGSHIFT_TRY(exec::run_up(ctx.exec, *m_entry.file->up, record(ctx)));
    ++ctx.report.done;
    return Status::ok();
  }

 private:
  int resume_from() const {
    return m_entry.state == State::partial ? m_entry.row->statements_done : 0;
  }

  exec::Record record(const RunContext& ctx) const {
    const Prepared& f = *m_entry.file;
    const ChecksumMode mode = ctx.options.checksum_mode;
    exec::Record rec;
    rec.kind = f.kind;
    rec.checksum_mode = mode_name(mode);
    rec.checksum_up = f.checksum_up(mode);
    rec.checksum_down = f.checksum_down(mode);
    if (m_entry.state == State::partial) {
      rec.resume_from = m_entry.row->statements_done;
      rec.done_checksums = m_entry.row->statement_checksums;
    }
    if (auto it = ctx.overrides.find(f.source.up->path); it != ctx.overrides.end()) {
      rec.audit_detail =
          nlohmann::json{
              {"allow_unsafe", true},
              {"findings", std::vector<std::string>(it->second.begin(), it->second.end())}}
              .dump();
    }
    return rec;
  }

  const Entry& m_entry;
};

}  // namespace

std::unique_ptr<Change> sql_change(const Entry& entry) {
  return std::make_unique<SqlChange>(entry);
}

}  // namespace pgshift::runner
