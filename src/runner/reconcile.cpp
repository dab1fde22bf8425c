#include "runner/reconcile.hpp"

#include <fmt/format.h>

#include <map>

#include "core/version.hpp"

namespace pgshift {

const char* to_string(MigrationState state) {
  switch (state) {
    case MigrationState::pending:
      return "pending";
    case MigrationState::applied:
      return "applied";
    case MigrationState::changed:
      return "changed";
    case MigrationState::missing:
      return "missing";
    case MigrationState::partial:
      return "partial";
    case MigrationState::failed:
      return "failed";
    case MigrationState::expanded:
      return "expanded";
    case MigrationState::baseline:
      return "baseline";
  }
  return "unknown";
}

const char* to_string(MigrationForm form) {
  switch (form) {
    case MigrationForm::pair:
      return "pair";
    case MigrationForm::single:
      return "single";
    case MigrationForm::operations:
      return "operations";
    case MigrationForm::repeatable:
      return "repeatable";
    case MigrationForm::none:
      break;
  }
  return "";
}

}  // namespace pgshift

namespace pgshift::runner {

namespace {

struct ByVersion {
  bool operator()(const std::string& a, const std::string& b) const {
    return core::compare_versions(a, b) < 0;
  }
};

void judge_partial(Entry& e) {
  const auto& row = *e.row;
  int total = e.file->up ? static_cast<int>(e.file->up->steps.size()) : 0;
  e.detail = fmt::format("{} of {} statements done", row.statements_done, total);
  if (!row.error.empty()) {
    e.detail += "; last error: " + row.error;
  }
  if (!e.file->up) {
    return;  // the file does not parse any more: reported by the commands as an input error
  }
  const auto& steps = e.file->up->steps;
  for (int i = 0; i < row.statements_done; ++i) {
    bool same = i < static_cast<int>(steps.size()) &&
                i < static_cast<int>(row.statement_checksums.size()) &&
                steps[static_cast<std::size_t>(i)].checksum ==
                    row.statement_checksums[static_cast<std::size_t>(i)];
    if (!same) {
      e.edited_statements.push_back(i + 1);
    }
  }
}

void judge_recorded(Entry& e) {
  const auto& row = *e.row;
  if (row.state == history::RowState::partial && row.kind == history::Kind::ops) {
    // An operations migration whose expand stopped part-way resumes from its stored plan, which
    // only holds while the file is the one that was planned.
    ChecksumMode mode = parse_mode(row.checksum_mode);
    e.state = State::partial;
    e.detail = fmt::format("expand stopped after {} steps", row.statements_done);
    if (!row.error.empty()) {
      e.detail += "; last error: " + row.error;
    }
    if (e.file->checksum_up(mode) != row.checksum_up) {
      e.state = State::changed;
      e.detail = fmt::format(
          "\"{}\" was edited after its expand started: restore it, or roll "
          "the expand back first",
          e.file->source.path);
    }
    return;
  }
  if (row.state == history::RowState::partial) {
    e.state = State::partial;
    judge_partial(e);
    return;
  }
  if (row.state == history::RowState::failed) {
    e.state = State::failed;
    e.detail = row.error;
    return;
  }
  e.state = row.state == history::RowState::expanded ? State::expanded : State::applied;
  if (e.state == State::expanded && e.file->ops) {
    e.detail = fmt::format(
        "the new version reads through schema \"{}\"; pgshift complete {} "
        "removes the old shape, pgshift rollback {} the new one",
        e.file->ops->env().version_schema, e.version, e.version);
  }
  ChecksumMode mode = parse_mode(row.checksum_mode);
  if (e.file->source.repeatable && e.state == State::applied &&
      e.file->checksum_up(mode) != row.checksum_up) {
    // A repeatable migration runs again whenever its checksum changes (Flyway's R__ files).
    e.state = State::pending;
    e.detail =
        fmt::format("\"{}\" changed since it last ran: up runs it again", e.file->source.path);
    return;
  }
  if (!row.checksum_up.empty() && e.file->checksum_up(mode) != row.checksum_up) {
    e.state = State::changed;
    e.detail = fmt::format("\"{}\" was edited after it was applied ({} checksum {} now {})",
                           e.file->source.path, row.checksum_mode, row.checksum_up.substr(0, 12),
                           e.file->checksum_up(mode).substr(0, 12));
  }
  if (e.file->checksum_down(mode) != row.checksum_down) {
    e.down_changed = true;
  }
}

}  // namespace

std::vector<Entry> reconcile(const std::vector<Prepared>& files,
                             const std::vector<history::MigrationRow>& rows,
                             const std::optional<std::string>& baseline) {
  std::map<std::string, Entry, ByVersion> by_version;
  for (const auto& f : files) {
    Entry& e = by_version[f.source.version];
    e.version = f.source.version;
    e.name = f.source.name;
    e.file = &f;
  }
  for (const auto& r : rows) {
    Entry& e = by_version[r.version];
    e.version = r.version;
    if (e.name.empty()) {
      e.name = r.name;
    }
    e.row = &r;
  }
  std::vector<Entry> out;
  out.reserve(by_version.size());
  for (auto& [version, e] : by_version) {
    if (e.file && e.row) {
      judge_recorded(e);
    } else if (e.row) {
      e.state = State::missing;
      e.detail = fmt::format("recorded as {} but no file has version {}",
                             history::state_name(e.row->state), version);
    } else if (baseline && core::compare_versions(version, *baseline) <= 0) {
      e.state = State::baseline;
      e.detail = fmt::format("at or below the baseline version {}", *baseline);
    } else {
      e.state = State::pending;
    }
    out.push_back(std::move(e));
  }
  return out;
}

const Entry* find_entry(const std::vector<Entry>& entries, const std::string& version) {
  for (const Entry& e : entries) {
    if (e.version == version) {
      return &e;
    }
  }
  return nullptr;
}

std::string newest_recorded(const std::vector<Entry>& entries) {
  std::string newest;
  for (const auto& e : entries) {
    if (e.row && core::is_version(e.version)) {  // repeatables have no place in the order
      newest = e.version;                        // entries are in version order
    }
  }
  return newest;
}

}  // namespace pgshift::runner
