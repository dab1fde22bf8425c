// Options: everything a pgshift run is configured with, after layering pgshift.toml <
// environment < flags (src/core/config.hpp does the layering). Defaults are the values shown.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pgshift {

using Millis = std::chrono::milliseconds;

enum class ChecksumMode {
  normalized,  // SHA-256 of the PostgreSQL scanner's tokens: whitespace/comments do not count
  exact,       // SHA-256 of the bytes
};

// How migration statements wait for locks (docs/zero-downtime.md). A statement waiting for a
// lock makes every later query on that table queue behind it, so no attempt waits long: attempt
// i runs with lock_timeout x 1.5^i (at most lock_timeout_max) and, when it times out or
// deadlocks, is rolled back and retried after retry_sleep x 1.5^i (at most retry_sleep_max).
struct DdlOptions {
  Millis lock_timeout{50};       // the first attempt's lock_timeout
  Millis lock_timeout_max{250};  // the longest any attempt waits: the bound on queued traffic
  Millis retry_sleep{100};       // pause after the first failed attempt
  Millis retry_sleep_max{5000};  // the longest pause between attempts
  int retries = 40;              // attempts after the first; 0 gives up at once
  // statement_timeout for each migration statement; none by default. Never applied to
  // CONCURRENTLY statements (they may rightly run for hours) unless a file's directive says so.
  std::optional<Millis> statement_timeout;
  // Pre-flight: sessions that hold a lock on a table a statement is about to lock strongly, and
  // have been in a transaction longer than this (or sit idle in one), are reported first.
  Millis preflight_threshold{5000};
  // How long to wait for such sessions to finish before starting the ladder (0: report only).
  Millis preflight_wait{0};
};

// How batched backfills run (docs/backfill.md): keyset batches over the primary key, each its
// own short transaction, sized to take about target_batch_time.
struct BackfillOptions {
  int batch_size = 1000;          // rows in the first batch; later ones adapt
  int min_batch_size = 100;       // adaptation never goes below this (a split batch may, to 1)
  int max_batch_size = 50000;     // ... nor above this
  Millis target_batch_time{200};  // aim of each batch: short row locks, short replica bursts
  // Pause between batches: a fixed duration, plus a fraction of the last batch's duration
  // ("sleep = 20%" in pgshift.toml), so the table's other users and vacuum get their turn.
  Millis sleep{0};
  double sleep_fraction = 0.0;
  // More pause, as a fraction of the batch's duration, after a batch during which other
  // sessions of the database were running statements: on a busy server the backfill yields
  // to the application (2.0: twice as long as the batch, so it works at most a third of the
  // time); on an idle one it runs at full speed. ("sleep_under_load = 200%" in pgshift.toml.)
  double sleep_under_load = 2.0;
  // statement_timeout of each batch; a batch that hits it is rolled back and split in two.
  Millis statement_timeout{10000};
  // Pause while a standby's replay lags more than this (pg_stat_replication); 0 turns it off.
  Millis max_replication_lag{10000};
  // Pause while autovacuum works on the table (it is cleaning up after earlier batches), for
  // at most max_autovacuum_pause per autovacuum run: vacuuming a big table can take far
  // longer than the backfill should wait, and its dead rows are cleaned up either way.
  bool pause_on_autovacuum = true;
  Millis max_autovacuum_pause{2000};
  // Other sessions that waited on the batch's row locks longer than this make the next batch
  // smaller and add a pause of this length.
  Millis max_lock_wait{100};
};

// The safety linter's settings, `[lint]` in pgshift.toml (docs/configuration.md, docs/lint/).
// Rule ids are checked against the registry where the linter is built (an unknown id is an
// error naming where it was written).
struct LintOptions {
  // Rules that never run (`disabled = ["prefer-robust-stmts"]`); empty by default.
  std::vector<std::string> disabled;
  // Per-rule severity in place of the rule's default: "error", "warning" or "off" (= disabled)
  // (`[lint.severity]` table, `ban-drop-column = "warning"`); empty by default.
  std::map<std::string, std::string> severity;
  // Target server_version_num (110000, 150004) when no database is connected; nullopt: the
  // connected server's version, else 150000. A connected server's own version wins over it
  // for `up` and `validate`; `pgshift lint --pg-version` wins over everything.
  std::optional<int> pg_version;
  // A hazard on a table whose statistics show fewer rows than this is a warning: 10,000.
  std::int64_t small_table_rows = 10000;
  // `pgshift lint` judges files meant for another runner (psql ...): no lock_timeout set by
  // pgshift, no CONCURRENTLY statement moved out of a transaction. false. Never used by `up`.
  bool standalone = false;
  // Where each rule id above was written ("pgshift.toml:12:3"), for the unknown-id error.
  std::map<std::string, std::string> rule_origins;
};

// Adopting another migration tool's history (docs/adopting.md): while pgshift's own history
// records nothing, `up` and `adopt` record the migrations the other tool applied, read from its
// table (never written).
struct AdoptOptions {
  // "auto": look for the table of every tool pgshift adopts from; "none": never adopt; or one
  // tool ("golang-migrate", "goose", "dbmate", "flyway", "sql-migrate", "node-pg-migrate"),
  // checked against the readers' registry where the history is read. "auto" by default.
  std::string from = "auto";
  // The other tool's history table, "table" or "schema.table", when it is not at the tool's
  // default name (looked up through search_path, as the tools do); "" by default.
  std::string table;
  // Where `from` and `table` were given ("pgshift.toml:7:8", "--adopt-from"), for errors.
  std::string from_origin = "adopt.from";
  std::string table_origin = "adopt.table";
};

// What pgshift's reports show of other sessions, `[report]` in pgshift.toml.
struct ReportOptions {
  // Lock holders, blockers and long transactions are reported with their current query
  // (one line, at most 120 bytes, PASSWORD literals and connection passwords masked). false:
  // pid, application, client, state and age only, for databases whose queries are secret.
  bool other_queries = true;
};

struct Options {
  // libpq connection URL or conninfo; empty means libpq's own PG* variables.
  std::string database_url;
  // Folder of migration files.
  std::string dir = "migrations";
  // Layout of that folder (docs/file-formats.md#layouts): "" (or "auto") detects it; else one
  // of golang-migrate, pgshift, goose, dbmate, sql-migrate, flyway, folders.
  std::string layout;
  // Schema holding pgshift's history tables.
  std::string history_schema = "pgshift";
  ChecksumMode checksum_mode = ChecksumMode::normalized;
  // How long to wait for the runner's advisory lock before giving up (exit 4).
  Millis lock_wait{60000};
  DdlOptions ddl;
  BackfillOptions backfill;
  LintOptions lint;
  AdoptOptions adopt;
  ReportOptions report;
  // application_name of pgshift's connections (shown to operators in pg_stat_activity) when
  // the database URL (application_name=) or PGAPPNAME gives none.
  std::string application_name = "pgshift";
};

}  // namespace pgshift
