// Lint: the safety linter's findings and how to ask for them (Migrator::lint, `pgshift lint`,
// and the gate of `up` and `validate`). Plain data; docs/commands/lint.md and docs/lint/.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace pgshift {

// error: refuses `up` (exit 3); warning: reported only.
enum class LintSeverity { warning, error };
// "warning" or "error", as the reporters and --json write it.
const char* to_string(LintSeverity severity);

// One violation of one rule at one place in one migration file.
struct LintFinding {
  std::string rule;  // "adding-field-with-default" (docs/lint/<rule>.md)
  LintSeverity severity = LintSeverity::error;
  std::string path;     // the file, as found (never made absolute)
  int line = 1;         // 1-based, in the file
  int column = 1;       // 1-based, in characters
  std::string message;  // lowercase; with facts, starts with the table's size
  std::string lock;     // `ACCESS EXCLUSIVE on "users"`, or "" when none matters
  std::string help;     // the safe way, or ""
  std::string note;     // why the severity is lower than the rule's default, or ""
};

struct LintRequest {
  // Files and directories to lint, in this order (a directory: its migrations in version
  // order). Empty: every migration of Options::dir. Only up SQL is linted (a single file's
  // `-- pgshift:up` section); operations (.toml) files are skipped.
  std::vector<std::string> paths;
  // Lint only the migrations `up` would run now, judged as `up` judges them (needs the
  // database; ignores `paths`).
  bool pending = false;
  // Target server_version_num (--pg-version), over [lint] pg_version and the server's own.
  std::optional<int> pg_version;
  // --standalone over [lint] standalone: the files are run by another runner (psql ...).
  std::optional<bool> standalone;
  // No database facts even when a database URL is configured (not with `pending`).
  bool offline = false;
};

struct LintReport {
  std::vector<LintFinding> findings;  // file by file in run order, each by line and column
  int files = 0;                      // files linted
  int errors = 0;                     // findings of severity "error"
  int warnings = 0;
  bool facts = false;       // table sizes and the server version came from the database
  int pg_version = 150000;  // the server_version_num the rules assumed
};

}  // namespace pgshift
