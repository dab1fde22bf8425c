#include "runner/snapshot.hpp"

#include <fmt/format.h>

namespace pgshift::runner {

void emit(const EventSink& sink, Event e) {
  if (sink) {
    sink(e);
  }
}

Result<Snapshot> take_snapshot(const Options& options, Access access, const EventSink& sink,
                               CancelToken* cancel) {
  Snapshot s;
  auto files = load_project(options, &s.layout);
  if (!files) {
    return files.status();
  }
  s.files = std::move(files).value();
  auto conn = open_connection(options, access, sink, cancel);
  if (!conn) {
    return conn.status();
  }
  s.conn = std::move(conn).value();
  auto rows = s.conn.store->load();
  if (!rows) {
    return rows.status();
  }
  s.rows = std::move(rows).value();
  auto installed = s.conn.store->installed();
  if (!installed) {
    return installed.status();
  }
  if (*installed) {
    auto b = s.conn.store->baseline_version();
    if (!b) {
      return b.status();
    }
    s.baseline = *b;
  }
  s.entries = reconcile(s.files, s.rows, s.baseline);
  return s;
}

Status check_drift(const std::vector<Entry>& entries, const EventSink& sink) {
  // The first problem becomes the returned Status; the others are events, so that each is
  // shown exactly once.
  int problems = 0;
  std::string first;
  auto report = [&](const Entry& e, const std::string& message) {
    if (++problems == 1) {
      first = message;
      return;
    }
    emit(sink, Event{"drift", Level::error, message, {}}
                   .with("version", e.version)
                   .with("name", e.name)
                   .with("state", std::string(state_name(e.state))));
  };
  for (const auto& e : entries) {
    if (e.state == State::changed) {
      report(e, fmt::format("migration {} \"{}\": {}: restore the file, or accept the edit "
                            "with pgshift repair",
                            e.version, e.name, e.detail));
    } else if (e.state == State::failed) {
      report(e, fmt::format("migration {} \"{}\" is recorded as failed ({}): fix it, then run "
                            "pgshift repair",
                            e.version, e.name, e.detail));
    } else if (e.state == State::partial && !e.edited_statements.empty()) {
      std::string list;
      for (int n : e.edited_statements) {
        list += (list.empty() ? "" : ", ") + std::to_string(n);
      }
      report(e, fmt::format("migration {} \"{}\" stopped part-way and statement{} {} that already "
                            "ran {} been edited since: restore {}, or accept the edit with "
                            "pgshift repair",
                            e.version, e.name, e.edited_statements.size() == 1 ? "" : "s", list,
                            e.edited_statements.size() == 1 ? "has" : "have",
                            e.edited_statements.size() == 1 ? "it" : "them"));
    }
  }
  if (problems == 0) {
    return Status::ok();
  }
  std::string msg = first;
  if (problems > 1) {
    msg += fmt::format(" (and {} more problem{})", problems - 1, problems == 2 ? "" : "s");
  }
  return Status::error(Code::drift, msg);
}

void warn_down_errors(const std::vector<const Prepared*>& files, const EventSink& sink) {
  for (const auto* f : files) {
    if (!f->down_error.is_ok()) {
      emit(sink,
           Event{"down_error",
                 Level::warning,
                 fmt::format("the down SQL of migration {} \"{}\" cannot be used ({}): "
                             "down refuses to revert it",
                             f->source.version, f->source.name, f->down_error.message()),
                 {}}
               .with("version", f->source.version)
               .with("path", f->source.down_path.empty() ? f->source.path : f->source.down_path));
    }
  }
}

Status check_parse(const std::vector<const Prepared*>& files, const EventSink& sink) {
  Status first;
  int errors = 0;
  for (const auto* f : files) {
    const Status& s = f->up_error;
    if (s.is_ok()) {
      continue;
    }
    if (++errors == 1) {
      first = s;  // returned, so not also emitted
      continue;
    }
    emit(sink, Event{"input_error", Level::error, s.message(), {}}
                   .with("version", f->source.version)
                   .with("path", f->source.path));
  }
  warn_down_errors(files, sink);
  if (errors > 1) {
    return Status::error(first.code(), fmt::format("{} (and {} more error{})", first.message(),
                                                   errors - 1, errors == 2 ? "" : "s"));
  }
  return first;
}

}  // namespace pgshift::runner
