#include "cli/command.hpp"

namespace pgshift::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> k_commands = {
      {"init", "write pgshift.toml and an empty migrations directory", setup_init, false},
      {"new", "create the next migration file(s)", setup_new},
      {"status", "show applied, pending, changed, missing and partial migrations", setup_status},
      {"up", "apply pending migrations", setup_up},
      {"down", "revert applied migrations with their down SQL", setup_down},
      {"complete", "run the contract phase of expanded operations migrations", setup_complete},
      {"rollback", "undo the expand phase of an operations migration", setup_rollback},
      {"plan", "show what up would run: transactions, and the lock each statement takes",
       setup_plan},
      {"lint", "lint migrations for statements that block traffic or break clients", setup_lint},
      {"validate", "check files and history without changing anything", setup_validate},
      {"baseline", "record an existing database as migrated through a version", setup_baseline},
      {"adopt", "record the history of golang-migrate, goose, dbmate, Flyway ... as pgshift's",
       setup_adopt},
      {"repair", "accept edited checksums and clear failed state, with an audit row", setup_repair},
      {"backfill", "run, watch, pause, resume or cancel a batched UPDATE/DELETE", setup_backfill},
  };
  return k_commands;
}

int fail(Runtime& rt, const Status& s) {
  rt.out.error(s);
  return static_cast<int>(s.code());
}

int report_created(Runtime& rt, const Result<std::vector<std::string>>& created) {
  if (!created) {
    return fail(rt, created.status());
  }
  for (const auto& p : *created) {
    rt.out.text("created " + p);
    rt.out.json({{"event", "created"}, {"path", p}});
  }
  return 0;
}

}  // namespace pgshift::cli
