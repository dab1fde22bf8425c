#include "runner/adoption.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "adopt/find.hpp"
#include "db/transaction.hpp"

namespace pgshift::runner {

namespace {

const Prepared* file_of(const std::vector<Prepared>& files, const std::string& version) {
  for (const Prepared& f : files) {
    if (adopt::compare_versions(f.source.version, version) == 0) {
      return &f;
    }
  }
  return nullptr;
}

Status no_file(const adopt::ForeignHistory& h, const std::string& what,
               const std::string& version) {
  return Status::error(Code::drift,
                       fmt::format("{} history {} {}, but no migration file has version {}: "
                                   "restore the file, then run pgshift again (or turn adoption "
                                   "off with adopt.from = \"none\" if that table is not the "
                                   "history of these migrations)",
                                   h.tool, h.table, what, version));
}

Status not_sql(const adopt::ForeignHistory& h, const Prepared& f) {
  return Status::error(Code::drift,
                       fmt::format("{} history {} records version {} as applied, but \"{}\" is "
                                   "an operations file, which only pgshift runs",
                                   h.tool, h.table, f.source.version, f.source.path));
}

history::MigrationRow row_for(const Prepared& f, const Options& options, std::string when) {
  history::MigrationRow row;
  row.version = f.source.version;
  row.name = f.source.name;
  row.kind = f.kind;
  row.checksum_mode = mode_name(options.checksum_mode);
  row.checksum_up = f.checksum_up(options.checksum_mode);
  row.checksum_down = f.checksum_down(options.checksum_mode);
  row.baseline = true;
  row.started_at = row.finished_at = std::move(when);
  return row;
}

// Whether the history counts `version` as applied, and then the tool's time for it ("" when it
// records none).
std::optional<std::string> applied_at(const adopt::ForeignHistory& h, const std::string& version) {
  for (const adopt::ForeignMigration& m : h.applied) {
    if (adopt::compare_versions(version, m.version) == 0) {
      return m.applied_at;
    }
  }
  if (!h.through.empty() && adopt::compare_versions(version, h.through) <= 0) {
    return std::string();
  }
  return std::nullopt;
}

// Every version the history records must be a file, before any file is adopted.
Status check_files(const adopt::ForeignHistory& h, const std::vector<Prepared>& files) {
  if (!h.through.empty() && h.through_is_file && !file_of(files, h.through)) {
    return no_file(h, "is at version " + h.through, h.through);
  }
  for (const adopt::ForeignMigration& m : h.applied) {
    if (!file_of(files, m.version)) {
      return no_file(h,
                     fmt::format("records version {} (\"{}\") as applied", m.version, m.recorded),
                     m.version);
    }
  }
  return Status::ok();
}

}  // namespace

AdoptionInfo Adoption::info() const {
  AdoptionInfo i;
  i.tool = foreign.tool;
  i.table = foreign.table;
  i.through = through();
  i.migrations = static_cast<int>(rows.size());
  return i;
}

Result<std::vector<history::MigrationRow>> match_files(const adopt::ForeignHistory& foreign,
                                                       const std::vector<Prepared>& files,
                                                       const Options& options) {
  PGSHIFT_TRY(check_files(foreign, files));
  std::vector<history::MigrationRow> rows;
  for (const Prepared& f : files) {
    auto when = applied_at(foreign, f.source.version);
    if (!when) {
      continue;
    }
    if (f.kind != history::Kind::sql) {
      return not_sql(foreign, f);
    }
    rows.push_back(row_for(f, options, std::move(*when)));
  }
  return rows;
}

Result<std::optional<Adoption>> find_adoption(db::Session& session,
                                              const std::vector<Prepared>& files,
                                              const Options& options) {
  PGSHIFT_ASSIGN_OR_RETURN(auto foreign, adopt::find_history(session, options.adopt));
  if (!foreign) {
    return std::optional<Adoption>();
  }
  auto rows = match_files(*foreign, files, options);
  if (!rows) {
    return rows.status();
  }
  if (rows->empty()) {
    return std::optional<Adoption>();  // a Flyway baseline below every file
  }
  return std::optional<Adoption>(Adoption{std::move(*foreign), std::move(rows).value()});
}

bool pgshift_is_empty(const std::vector<history::MigrationRow>& rows,
                      const std::optional<std::string>& baseline,
                      const std::optional<AdoptionInfo>& recorded) {
  return rows.empty() && !baseline && !recorded;
}

Status record_adoption(db::Session& session, history::Store& store, const Adoption& adoption) {
  const adopt::ForeignHistory& h = adoption.foreign;
  const std::string failed = "cannot record the adopted " + h.tool + " history";
  auto tx = db::Transaction::begin(session);
  if (!tx) {
    return tx.status().context(failed);
  }
  Status s;
  for (const history::MigrationRow& row : adoption.rows) {
    s = store.save(row, history::EventRow{"adopt", row.version, row.name, "ok",
                                          fmt::format("recorded without running its SQL: {} "
                                                      "applied it ({})",
                                                      h.tool, h.table),
                                          "", "", ""});
    if (!s) {
      break;
    }
  }
  if (s) {
    const nlohmann::json detail{{"tool", h.tool},
                                {"table", h.table},
                                {"through", adoption.through()},
                                {"migrations", adoption.rows.size()}};
    s = store.record_event(
        history::EventRow{"adopt", adoption.through(), "", "ok", detail.dump(), "", "", ""});
  }
  if (s) {
    s = tx->commit();
  }
  return s.context(failed);  // an uncommitted tx rolls back as it goes out of scope
}

Result<std::optional<AdoptionInfo>> recorded_adoption(history::Store& store) {
  PGSHIFT_ASSIGN_OR_RETURN(auto ev, store.latest_run_event("adopt"));
  if (!ev) {
    return std::optional<AdoptionInfo>();
  }
  const auto detail = nlohmann::json::parse(ev->detail, nullptr, false);
  AdoptionInfo i;
  if (detail.is_object()) {
    i.tool = detail.value("tool", "");
    i.table = detail.value("table", "");
    i.migrations = detail.value("migrations", 0);
  }
  i.through = ev->version;
  i.recorded = true;
  i.at = ev->at;
  return std::optional<AdoptionInfo>(std::move(i));
}

}  // namespace pgshift::runner
