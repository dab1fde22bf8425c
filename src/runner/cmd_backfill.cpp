// Migrator::backfill_*: batched backfills from the command line (docs/backfill.md).
#include <fmt/format.h>

#include <regex>

#include "backfill/run.hpp"
#include "core/checksum.hpp"
#include "history/backfills.hpp"
#include "pgshift/migrator.hpp"
#include "runner/backfill_info.hpp"
#include "runner/connection.hpp"
#include "sql/fragment.hpp"

namespace pgshift {

namespace {

// `name` or `schema.name` as SQL writes them: unquoted parts fold to lower case, "quoted"
// parts keep their case. Errors name the --table flag.
Result<std::pair<std::string, std::string>> split_table(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  auto bad = [&](const std::string& why) {
    return Status::error(Code::invalid_input, "--table \"" + text + "\": " + why);
  };
  while (i <= text.size()) {
    std::string part;
    if (i < text.size() && text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) {
          return bad("unterminated quoted identifier");
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            part += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        part += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != '.') {
        const char c = text[i++];
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
              static_cast<unsigned char>(c) >= 0x80)) {
          return bad(
              fmt::format("unexpected character '{}' (quote identifiers that are not "
                          "plain names)",
                          c));
        }
        part += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    if (part.empty()) {
      return bad("empty name");
    }
    parts.push_back(part);
    if (i == text.size()) {
      break;
    }
    if (text[i] != '.') {
      return bad("expected '.' after a quoted identifier");
    }
    ++i;
  }
  if (parts.size() > 2) {
    return bad("write table or schema.table");
  }
  if (parts.size() == 1) {
    return std::pair<std::string, std::string>{"", parts[0]};
  }
  return std::pair<std::string, std::string>{parts[0], parts[1]};
}

// --set and --where, checked before anything connects. Each is spliced whole into every batch, so
// each must be exactly one SET list or condition on its own: a WHERE of
// "flag = 'a') OR (flag = 'b'" would otherwise close the batch's key range and change rows of
// the whole table in every batch.
Status check_flag(const char* flag, sql::Fragment kind, const std::string& text) {
  Status st = sql::check_fragment(kind, text);
  if (st) {
    return st;
  }
  return Status::error(Code::invalid_input, fmt::format("{} \"{}\": {}", flag, text, st.message()));
}

// A batched statement of a migration is named after its step ("12_fill.up.2"): `up` runs it.
bool belongs_to_migration(const std::string& name) {
  static const std::regex k_step(R"(^[0-9]+_[a-z0-9_]+\.(up|down)\.[0-9]+$)");
  return std::regex_match(name, k_step);
}

// The history schema at its newest layout, created if missing, under the runner lock; the lock
// is given back at once, so a long backfill never holds up a deploy.
Result<runner::Connection> open_for_backfill(const Options& options, const EventSink& sink,
                                             CancelToken* cancel) {
  auto conn = runner::open_connection(options, runner::Access::write, sink, cancel);
  if (!conn) {
    return conn.status();
  }
  PGSHIFT_TRY(conn->store->install_or_upgrade());
  conn->lock.reset();
  return conn;
}

Result<BackfillRunReport> run_spec(const Options& options, const EventSink& sink,
                                   CancelToken* cancel, const backfill::Spec& spec, bool restart) {
  PGSHIFT_ASSIGN_OR_RETURN(auto conn, open_for_backfill(options, sink, cancel));
  auto monitor = runner::open_monitor(options, sink);
  backfill::Context ctx{*conn.session,
                        options.history_schema,
                        sink,
                        cancel,
                        monitor.get(),
                        exec::ladder_config(options.ddl),
                        runner::host_name()};
  auto report = backfill::run(ctx, spec, restart);
  if (!report) {
    return report.status();
  }
  if (report->outcome == backfill::Outcome::interrupted) {
    return Status::error(Code::interrupted,
                         fmt::format("backfill \"{}\" interrupted after a committed batch; run "
                                     "the same command again to resume",
                                     spec.name));
  }
  return BackfillRunReport{spec.name, backfill::outcome_name(report->outcome), report->rows_done,
                           report->rows_scanned, report->batches};
}

Result<history::BackfillRow> find(history::Backfills& rows, const std::string& name) {
  PGSHIFT_ASSIGN_OR_RETURN(auto row, rows.get(name));
  if (!row) {
    return Status::error(Code::invalid_input,
                         "no backfill named \"" + name + "\" (see pgshift backfill status --all)");
  }
  return *row;
}

Result<BackfillInfo> request_stop(const Options& options, const EventSink& sink,
                                  CancelToken* cancel, const std::string& name,
                                  const std::string& state) {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto conn, runner::open_connection(options, runner::Access::read_only, sink, cancel));
  history::Backfills rows(*conn.session, options.history_schema);
  auto row = find(rows, name);
  if (!row) {
    return row.status();
  }
  if (row->state == "done" || row->state == "cancelled") {
    return Status::error(Code::invalid_input,
                         fmt::format("backfill \"{}\" is already {}", name, row->state));
  }
  // The running process reads the state back with every batch and stops after it.
  PGSHIFT_TRY(rows.set_state(name, state));
  auto after = find(rows, name);
  if (!after) {
    return after.status();
  }
  return runner::info_of(*after);
}

}  // namespace

Result<BackfillRunReport> Migrator::backfill_run(const BackfillRequest& request) {
  PGSHIFT_ASSIGN_OR_RETURN(auto table, split_table(request.table));
  if (request.remove == !request.set.empty()) {
    return Status::error(Code::invalid_input, request.remove
                                                  ? "--delete and --set exclude each other"
                                                  : "--set is required (or --delete)");
  }
  if (!request.remove) {
    PGSHIFT_TRY(check_flag("--set", sql::Fragment::assignments, request.set));
  }
  if (!request.where.empty()) {
    PGSHIFT_TRY(check_flag("--where", sql::Fragment::condition, request.where));
  }
  backfill::Spec spec;
  spec.schema = table.first;
  spec.table = table.second;
  spec.set_sql = request.set;
  spec.where_sql = request.where;
  spec.remove = request.remove;
  spec.options = m_options.backfill;
  spec.name = request.name;
  if (spec.name.empty()) {
    spec.name = spec.table + "_" +
                core::sha256_hex(spec.schema + "\n" + spec.table + "\n" + spec.action() + "\n" +
                                 spec.set_sql + "\n" + spec.where_sql)
                    .substr(0, 8);
  } else if (belongs_to_migration(spec.name)) {
    return Status::error(Code::invalid_input,
                         "--name \"" + spec.name +
                             "\" has the form of a migration's batched statement; choose another");
  }
  return run_spec(m_options, m_sink, m_cancel, spec, request.restart);
}

Result<std::vector<BackfillInfo>> Migrator::backfills(bool all) {
  PGSHIFT_ASSIGN_OR_RETURN(
      auto conn, runner::open_connection(m_options, runner::Access::read_only, m_sink, m_cancel));
  return runner::list_backfills(*conn.session, m_options.history_schema, all);
}

Result<BackfillInfo> Migrator::backfill_pause(const std::string& name) {
  return request_stop(m_options, m_sink, m_cancel, name, "paused");
}

Result<BackfillInfo> Migrator::backfill_cancel(const std::string& name) {
  return request_stop(m_options, m_sink, m_cancel, name, "cancelled");
}

Result<BackfillRunReport> Migrator::backfill_resume(const std::string& name) {
  if (belongs_to_migration(name)) {
    return Status::error(Code::invalid_input,
                         "backfill \"" + name +
                             "\" belongs to a migration's batched statement: `pgshift up` "
                             "resumes it");
  }
  backfill::Spec spec;
  {
    PGSHIFT_ASSIGN_OR_RETURN(
        auto conn, runner::open_connection(m_options, runner::Access::read_only, m_sink, m_cancel));
    history::Backfills rows(*conn.session, m_options.history_schema);
    auto row = find(rows, name);
    if (!row) {
      return row.status();
    }
    if (row->state == "done" || row->state == "cancelled") {
      return Status::error(Code::invalid_input,
                           fmt::format("backfill \"{}\" is {}: nothing to resume (backfill run "
                                       "--restart starts it again)",
                                       name, row->state));
    }
    spec.name = row->name;
    spec.schema = row->schema;
    spec.table = row->table;
    spec.set_sql = row->set_sql;
    spec.where_sql = row->where_sql;
    spec.remove = row->action == "delete";
    spec.options = m_options.backfill;
  }
  return run_spec(m_options, m_sink, m_cancel, spec, false);
}

}  // namespace pgshift
