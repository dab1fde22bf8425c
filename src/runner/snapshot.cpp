#include "runner/snapshot.hpp"

#include <fmt/format.h>

#include "adopt/find.hpp"

namespace pgshift::runner {

void emit(const EventSink& sink, Event e) {
  if (sink) {
    sink(e);
  }
}

Result<Snapshot> take_snapshot(const Options& options, Access access, const EventSink& sink,
                               CancelToken* cancel) {
  std::string layout;
  auto files = load_project(options, cancel, &layout);
  if (!files) {
    return files.status();
  }
  auto snap = take_snapshot(std::move(files).value(), options, access, sink, cancel);
  if (snap) {
    snap->layout = layout;
  }
  return snap;
}

namespace {

// pgshift's own history: rows, baseline, and an earlier adoption.
Status read_history(Snapshot& s) {
  auto rows = s.conn.store->load();
  if (!rows) {
    return rows.status();
  }
  s.rows = std::move(rows).value();
  PGSHIFT_ASSIGN_OR_RETURN(auto installed, s.conn.store->installed());
  if (!installed) {
    return Status::ok();
  }
  auto b = s.conn.store->baseline_version();
  if (!b) {
    return b.status();
  }
  s.baseline = *b;
  auto adopted = recorded_adoption(*s.conn.store);
  if (!adopted) {
    return adopted.status();
  }
  s.adopted = *adopted;
  return Status::ok();
}

// Another tool's history, while pgshift's records nothing. Its refusals are kept, not returned:
// each command decides whether they matter.
void look_for_adoption(Snapshot& s, const Options& options) {
  if (!pgshift_is_empty(s.rows, s.baseline, s.adopted)) {
    return;
  }
  auto a = find_adoption(*s.conn.session, s.files, options);
  if (!a) {
    s.adoption_error = a.status();
    return;
  }
  s.adoption = std::move(a).value();
  if (s.adoption) {
    s.rows.insert(s.rows.end(), s.adoption->rows.begin(), s.adoption->rows.end());
  }
}

}  // namespace

Result<Snapshot> take_snapshot(std::vector<Prepared> files, const Options& options, Access access,
                               const EventSink& sink, CancelToken* cancel) {
  // A bad adopt.from or adopt.table is an input error for every command, whether or not there
  // is a history to adopt.
  PGSHIFT_TRY(adopt::check_options(options.adopt));
  Snapshot s;
  s.files = std::move(files);
  auto conn = open_connection(options, access, sink, cancel);
  if (!conn) {
    return conn.status();
  }
  s.conn = std::move(conn).value();
  PGSHIFT_TRY(read_history(s));
  look_for_adoption(s, options);
  s.entries = reconcile(s.files, s.rows, s.baseline);
  return s;
}

Status check_adopted(const Snapshot& snap, const std::string& what) {
  if (!snap.adoption_error.is_ok()) {
    return snap.adoption_error;
  }
  if (!snap.adoption) {
    return Status::ok();
  }
  return Status::error(
      Code::drift,
      fmt::format("the database was migrated by {} ({}, through version {}) and pgshift has not "
                  "adopted that history yet: run pgshift adopt (or pgshift up) before {}",
                  snap.adoption->foreign.tool, snap.adoption->foreign.table,
                  snap.adoption->through(), what));
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
                   .with("state", std::string(to_string(e.state))));
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
    } else if (e.state == State::partial && e.file->up) {
      if (std::string refusal =
              exec::resume_refusal(*e.file->up, static_cast<std::size_t>(e.row->statements_done));
          !refusal.empty()) {
        report(e, refusal);
      }
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
