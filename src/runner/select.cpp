#include "runner/select.hpp"

#include <fmt/format.h>

#include "core/version.hpp"

namespace pgshift::runner {

namespace {

void warn_missing(const Entry& e, const EventSink& sink) {
  emit(sink, Event{"missing",
                   Level::warning,
                   fmt::format("migration {} \"{}\": {}", e.version, e.name, e.detail),
                   {}}
                 .with("version", e.version));
}

Status out_of_order(const Entry& e, const std::string& newest) {
  return Status::error(
      Code::drift,
      fmt::format("pending migration {} \"{}\" is older than the newest recorded migration {}: "
                  "it was probably written on another branch; check it does not depend on a "
                  "state that no longer holds, then run with --out-of-order",
                  e.version, e.name, newest));
}

}  // namespace

Status check_version_flag(const std::optional<std::string>& to, const char* flag) {
  if (to && !core::is_version(*to)) {
    return Status::error(
        Code::invalid_input,
        fmt::format(
            "{}: \"{}\" is not a version (digits, or numbers separated by dots such as 1.10)", flag,
            *to));
  }
  return Status::ok();
}

Status check_target(const std::optional<std::string>& to, const std::vector<Entry>& entries,
                    const char* flag) {
  if (!to) {
    return Status::ok();
  }
  const std::string v = core::canonical_version(*to);
  if (find_entry(entries, v)) {
    return Status::ok();
  }
  return Status::error(Code::invalid_input,
                       fmt::format("{}: no migration has version {}", flag, v));
}

Result<std::vector<const Entry*>> select_pending(const std::vector<Entry>& entries,
                                                 const UpOptions& opts, const EventSink& sink) {
  const std::string target = opts.to ? core::canonical_version(*opts.to) : "";
  const std::string newest = newest_recorded(entries);
  std::vector<const Entry*> todo;
  for (const auto& e : entries) {
    if (e.state == State::missing) {
      warn_missing(e, sink);
    }
    const bool runs = e.state == State::pending || e.state == State::partial;
    if (!runs || (!target.empty() && core::compare_versions(e.version, target) > 0)) {
      continue;
    }
    if (e.state == State::pending && !opts.out_of_order && !newest.empty() &&
        core::compare_versions(e.version, newest) < 0) {
      return out_of_order(e, newest);
    }
    todo.push_back(&e);
  }
  return todo;
}

Result<std::vector<const Entry*>> select_for_up(const Snapshot& snap, const UpOptions& opts,
                                                const EventSink& sink) {
  PGSHIFT_TRY(snap.adoption_error);
  PGSHIFT_TRY(check_target(opts.to, snap.entries, "--to"));
  PGSHIFT_TRY(check_drift(snap.entries, sink));
  return select_pending(snap.entries, opts, sink);
}

}  // namespace pgshift::runner
