// Migrator: the library's entry point for every command that touches the database.
//
//   pgshift::Migrator m(options, sink, &cancel);
//   auto report = m.up({});            // Result<RunReport>
//   if (!report) return report.status().code();
//
// Each call discovers and parses the migration files afresh, so it always acts on what is on
// disk. Calls that change the database (up, down, baseline, repair) hold the runner lock for
// their whole duration. Progress is reported through the EventSink; nothing is printed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pgshift/backfill.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/events.hpp"
#include "pgshift/lint.hpp"
#include "pgshift/options.hpp"
#include "pgshift/status.hpp"

namespace pgshift {

// A migration's state, its files reconciled with its history row.
//   changed: applied, but the file's checksum differs from the recorded one
//   missing: in history, no file on disk
//   partial: an autocommit file or an expand stopped part-way; failed: its last run failed
//   expanded: an operations migration between expand and complete
//   baseline: older than or equal to the baseline version, never run by pgshift
enum class MigrationState {
  pending,
  applied,
  changed,
  missing,
  partial,
  failed,
  expanded,
  baseline
};
// The word status and --json print: "pending", "applied", ...
const char* to_string(MigrationState state);

// How a migration is written (docs/file-formats.md); none: in history only, no file.
enum class MigrationForm { none, pair, single, operations, repeatable };
// "pair", "single", "operations", "repeatable"; "" for none.
const char* to_string(MigrationForm form);

// One migration as `status` sees it: its file(s) and its history row, reconciled.
struct MigrationInfo {
  std::string version;
  std::string name;
  MigrationForm form = MigrationForm::none;
  std::string path;  // main file, empty when missing
  MigrationState state = MigrationState::pending;
  std::string detail;      // why, for changed/partial/failed/missing
  std::string applied_at;  // ISO 8601 UTC, empty unless recorded
  long long duration_ms = 0;
  std::string applied_by;    // role@host
  int statements_done = 0;   // partial files
  int statements_total = 0;  // partial files (0 when unknown)
  bool has_down = false;
};

// Another migration tool's history that pgshift adopts, or adopted (docs/adopting.md).
struct AdoptionInfo {
  std::string tool;     // golang-migrate | goose | dbmate | flyway | sql-migrate | node-pg-migrate
  std::string table;    // its history table, quoted: "public"."schema_migrations"
  std::string through;  // the newest version it records as applied
  int migrations = 0;   // migration files recorded (or to be recorded) as applied
  bool recorded = false;  // true: in pgshift's history since `at`; false: up or adopt records them
  std::string at;         // when they were recorded (ISO 8601 UTC)
  // Why up refuses to adopt it (dirty or failed, a version without a file, unexpected columns);
  // empty when it can. tool and table may be empty then (the message names the table).
  std::string problem;
};

struct StatusReport {
  std::string database;
  std::string history_schema;
  // Layout of the migrations directory, detected or forced: golang-migrate, pgshift, goose,
  // dbmate, sql-migrate, flyway or folders (docs/file-formats.md#layouts).
  std::string layout;
  bool history_installed = false;
  // Another tool's history, adopted or about to be; nullopt when there is none.
  std::optional<AdoptionInfo> adoption;
  std::vector<MigrationInfo> migrations;
  std::vector<BackfillInfo> backfills;  // running, paused and interrupted ones
};

// A step as shown by --dry-run and `plan`.
struct StepView {
  std::string id;
  std::string sql;
  std::string location;           // file:line:col
  std::string action;             // "ALTER TABLE ADD COLUMN", "CREATE INDEX CONCURRENTLY", ...
  std::string lock;               // strongest lock and where: `ACCESS EXCLUSIVE on users`, or ""
  bool blocks_reads = false;      // the lock queues plain SELECTs behind it
  bool blocks_writes = false;     // the lock queues INSERT/UPDATE/DELETE behind it
  bool rewrites = false;          // rewrites the whole table under its lock
  bool scans = false;             // reads the whole table under its lock
  std::string lock_timeout;       // "50ms..250ms" (the ladder), a fixed value, or "none"
  std::string statement_timeout;  // "none" or a duration
  // -- pgshift:batch: how it runs ("keyset batches over the primary key, first batch 500 rows,
  // sleep 10% of each batch"); empty for a plain statement.
  std::string batch;
};

// Steps that commit at once: the whole migration, a BEGIN ... COMMIT block of the file, or
// one statement.
struct UnitView {
  int first = 0;            // its first step, an index into PlanView::steps
  int count = 0;            // how many steps
  bool transaction = true;  // false: its one statement alone in autocommit
  std::string begin;        // how its transaction starts ("BEGIN ISOLATION LEVEL ..."); "" if none
  int begin_line = 0;  // the lines of the file's BEGIN and COMMIT around it; 0 when not written
  int commit_line = 0;
};

struct PlanView {
  std::string version;
  std::string name;
  std::string direction;  // up | down, or an operations migration's expand | contract | rollback
  bool transactional = true;
  // transaction (one transaction), statements (each statement on its own), or as_written (the
  // file's own BEGIN ... COMMIT blocks, each statement outside them on its own)
  std::string mode = "transaction";
  std::string mode_reason;      // why it runs in a transaction or in autocommit
  std::vector<UnitView> units;  // in order; empty for an operations migration's phases
  int resume_from = 0;          // statements already done by an earlier partial run
  int attempts = 1;  // at most this many attempts per transaction / statement (the ladder)
  std::vector<StepView> steps;
};

struct RunReport {
  std::vector<PlanView> plans;  // what ran (or, with dry_run, what would run), in order
  int done = 0;                 // migrations applied / reverted / recorded
  // Migrations recorded as applied from another tool's history (up, adopt; with dry_run: that
  // would be).
  int adopted = 0;
  bool dry_run = false;
};

struct UpOptions {
  std::optional<std::string> to;  // apply pending migrations up to and including this version
  bool dry_run = false;           // print plans only; needs no lock and changes nothing
  // Run even when the linter finds error-level hazards in the pending files (they are still
  // reported, and each migration that had them records {"allow_unsafe": true, "findings":
  // [rule ids]} in its audit event).
  bool allow_unsafe = false;
  // Apply pending migrations older than the newest applied one (refused by default: a
  // migration written on another branch may depend on a state that no longer holds).
  bool out_of_order = false;
  // Operations migrations: run the contract phase right after the expand phase (development:
  // no old application version to keep working).
  bool complete = false;
};

// complete and rollback of operations migrations (docs/design.md §7).
struct PhaseOptions {
  // complete: this expanded migration and every older expanded one, in version order (default:
  // every expanded one). rollback: this expanded one, which must be the newest (default: the
  // newest expanded one).
  std::optional<std::string> version;
  bool dry_run = false;  // print the steps only; needs no lock and changes nothing
};

struct DownOptions {
  std::optional<std::string> to;  // revert everything newer than this version
  std::optional<int> steps;       // revert the newest N (default 1)
  bool all = false;               // revert everything
  bool dry_run = false;
};

struct PlanOptions {
  // One migration (its up and down plans), read from files alone; else every pending one.
  std::optional<std::string> version;
  bool offline = false;  // without `version`: plan every file, without reading history
};

struct ValidateOptions {
  bool offline = false;  // files only: do not compare with the database's history
};

struct ValidateReport {
  int files = 0;
  int errors = 0;                 // every error found, lint findings included
  int warnings = 0;               // every warning found, lint findings included
  std::vector<LintFinding> lint;  // also reported one event ("lint_finding") each
};

class Migrator {
 public:
  // `sink` receives progress events (may be empty); `cancel` (may be null) interrupts runs.
  Migrator(Options options, EventSink sink = {}, CancelToken* cancel = nullptr);

  // Files and history reconciled; read-only, takes no lock and creates nothing. While pgshift's
  // history records nothing and another tool's does, its migrations show as applied (and
  // report.adoption says by which tool, up to which version, and what up would refuse).
  Result<StatusReport> status();
  // Applies pending migrations in version order. Refuses with drift (exit 5) when an applied
  // file was edited, a partial file's done statements changed, or a pending file is older than
  // the newest applied one; with invalid_input (exit 2) when any pending file does not parse;
  // with lint_refused (exit 3) when the linter finds error-level hazards in the pending files
  // (judged with the target's facts; one "lint_finding" event each) unless allow_unsafe. A
  // refused run changes nothing, not even the history schema. dry_run reports findings only.
  // While pgshift's history records nothing and another tool's history exists (Options::adopt),
  // up first adopts it (as adopt() does) and then applies only what is new; it refuses with
  // drift when that history is dirty or failed, records a version no file has, or its table has
  // unexpected columns.
  Result<RunReport> up(const UpOptions& opts);
  // Records the migrations another tool's history says are applied (golang-migrate, goose,
  // dbmate, Flyway, sql-migrate, node-pg-migrate; docs/adopting.md) in pgshift's history, with
  // today's checksums and an audit event, without running anything; the other tool's table is
  // only read. Does nothing (report.adopted == 0) when pgshift's history already records
  // migrations or there is no other history. Errors as up's adoption refusals; invalid_input for
  // a bad adopt.from / adopt.table.
  Result<RunReport> adopt(bool dry_run);
  // Reverts applied migrations newest first with their down SQL; refuses (exit 2) when one of
  // them has no down SQL, before running anything.
  Result<RunReport> down(const DownOptions& opts);
  // What up would run, with transaction grouping and the lock each statement takes; changes
  // nothing and takes no lock (`version` and `offline` need no database at all).
  Result<RunReport> plan(const PlanOptions& opts);
  // Checks files (names, directives, SQL, checksums), lints them (offline: every file, as a
  // run from an empty database; else the pending ones with the target's facts) and, unless
  // offline, history: emits one event per finding. invalid_input for file errors, drift for
  // history mismatches, lint_refused for error-level lint findings (in that order).
  Result<ValidateReport> validate(const ValidateOptions& opts);
  // Lints migration files (see LintRequest); findings are values, not errors: the caller
  // decides (`pgshift lint` exits 3 when report.errors > 0). Connects only for `pending` or
  // when a database URL is configured (then for facts; a connection failure is a warning and
  // the files are linted without facts). Errors: invalid_input (unreadable files, SQL that
  // does not parse, an unknown rule id in [lint]), failed (pending: cannot connect).
  Result<LintReport> lint(const LintRequest& request);
  // Runs the contract phase of expanded operations migrations, oldest first: drops the old
  // shape, the triggers, the temporary names and older version schemas. Idempotent: after a
  // crash, run it again. Errors: invalid_input (no expanded migration, or `version` is not
  // one), failed, interrupted, drift (a file edited since its expand).
  Result<RunReport> complete(const PhaseOptions& opts);
  // Undoes the expand phase of the newest expanded (or partially expanded) operations
  // migration: drops everything its expand created; the old shape is exactly as before and no
  // data written by either version through the old shape is lost. Idempotent.
  Result<RunReport> rollback(const PhaseOptions& opts);
  // Records the database as migrated through `version` without running SQL. Refused when
  // history already has rows.
  Result<RunReport> baseline(const std::string& version);
  // Accepts the current checksums of edited applied files (and of done statements of partial
  // files) and clears failed rows, writing an audit event for each change.
  Result<RunReport> repair();

  // Runs (or resumes) a batched backfill; see BackfillRequest. Takes the runner lock only
  // to create or upgrade the history schema, so deploys are not held up while it runs.
  // Errors: invalid_input (table, primary key, SET/WHERE, name clash; nothing changed),
  // lock_timeout (another process runs this backfill), failed, interrupted (SIGINT/SIGTERM:
  // the running batch committed; run again to resume).
  Result<BackfillRunReport> backfill_run(const BackfillRequest& request);
  // Backfills, newest first; `all` includes done, cancelled and failed ones. Read-only.
  Result<std::vector<BackfillInfo>> backfills(bool all);
  // Asks a backfill to stop after its running batch (pause: `backfill resume` continues;
  // cancel: final). Errors: invalid_input for an unknown name or a finished backfill.
  Result<BackfillInfo> backfill_pause(const std::string& name);
  Result<BackfillInfo> backfill_cancel(const std::string& name);
  // Continues a paused or interrupted backfill started from the command line.
  Result<BackfillRunReport> backfill_resume(const std::string& name);

  const Options& options() const { return m_options; }

 private:
  Result<std::vector<PlanView>> plan_operations_file(const std::string& version);
  Options m_options;
  EventSink m_sink;
  CancelToken* m_cancel;
};

}  // namespace pgshift
