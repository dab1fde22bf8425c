#include <fmt/format.h>

#include "cli/command.hpp"
#include "cli/render_backfill.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

namespace {

int report_run(Runtime& rt, const Result<BackfillRunReport>& r) {
  if (!r) {
    return fail(rt, r.status());
  }
  rt.out.text(fmt::format("backfill \"{}\" {}: {} rows changed, {} keys visited, {} batches",
                          r->name, r->outcome, r->rows_done, r->rows_scanned, r->batches));
  if (r->outcome == "done" && r->batches == 0 && r->rows_scanned > 0) {
    rt.out.text("(it was done by an earlier run: --restart runs it again from the first key)");
  }
  rt.out.json({{"event", "summary"},
               {"backfill", r->name},
               {"outcome", r->outcome},
               {"rows_done", r->rows_done},
               {"rows_scanned", r->rows_scanned},
               {"batches", r->batches}});
  return 0;
}

int report_state(Runtime& rt, const Result<BackfillInfo>& r, const char* verb) {
  if (!r) {
    return fail(rt, r.status());
  }
  rt.out.text(fmt::format("backfill \"{}\" {}{}", r->name, verb,
                          r->pid ? fmt::format(": process with backend pid {} stops after its "
                                               "running batch",
                                               r->pid)
                                 : ""));
  rt.out.json({{"event", "summary"}, {"backfill", r->name}, {"state", r->state}, {"pid", r->pid}});
  return 0;
}

}  // namespace

RunFn setup_backfill(CLI::App& sub) {
  sub.require_subcommand(1);
  sub.fallthrough();
  sub.footer(R"HELP(
Runs an UPDATE or DELETE of one table in keyset batches over its primary key: each batch is
its own short transaction that also saves the cursor in <history>.backfills, so a crash, a
SIGKILL or Ctrl-C loses nothing and the same command resumes. Batch size adapts to
[backfill] target_batch_time; the run pauses while a standby lags, autovacuum works on the
table, or other sessions wait on the batches' row locks. Docs: docs/backfill.md.

Examples:
  pgshift backfill run --table users --set "email_lower = lower(email)" \
      --where "email_lower IS NULL"
  pgshift backfill status
  pgshift backfill pause users_1a2b3c4d && pgshift backfill resume users_1a2b3c4d)HELP");

  auto req = std::make_shared<BackfillRequest>();
  CLI::App* run = sub.add_subcommand("run", "run (or resume) a batched UPDATE/DELETE");
  run->fallthrough();
  run->add_option("--table", req->table, "table to change: name or schema.name")->required();
  run->add_option("--set", req->set, "the SET list of the UPDATE: \"col = expr, ...\"");
  run->add_option("--where", req->where, "only rows matching this condition");
  run->add_flag("--delete", req->remove, "delete the matching rows instead of updating them");
  run->add_option("--name", req->name,
                  "name of the backfill (default: the table and a hash of the statement, so the "
                  "same command resumes it)");
  run->add_flag("--restart", req->restart, "start again from the first key");

  auto all = std::make_shared<bool>(false);
  CLI::App* status = sub.add_subcommand("status", "list running, paused and interrupted ones");
  status->fallthrough();
  status->add_flag("--all", *all, "also done, cancelled and failed ones");

  auto name = std::make_shared<std::string>();
  CLI::App* pause = sub.add_subcommand("pause", "stop a backfill after its running batch");
  CLI::App* resume = sub.add_subcommand("resume", "continue a paused or interrupted backfill");
  CLI::App* cancel = sub.add_subcommand("cancel", "stop a backfill for good");
  for (CLI::App* c : {pause, resume, cancel}) {
    c->fallthrough();
    c->add_option("name", *name, "the backfill's name (see backfill status)")->required();
  }

  return [=](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    if (run->parsed()) {
      return report_run(rt, m.backfill_run(*req));
    }
    if (status->parsed()) {
      auto list = m.backfills(*all);
      if (!list) {
        return fail(rt, list.status());
      }
      if (list->empty()) {
        rt.out.text(*all ? "no backfills" : "no running, paused or interrupted backfills");
      }
      render_backfills(rt, *list);
      return 0;
    }
    if (pause->parsed()) {
      return report_state(rt, m.backfill_pause(*name), "paused");
    }
    if (cancel->parsed()) {
      return report_state(rt, m.backfill_cancel(*name), "cancelled");
    }
    return report_run(rt, m.backfill_resume(*name));
  };
}

}  // namespace pgshift::cli
