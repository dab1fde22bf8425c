// The linter inside the runner: [lint] settings checked against the registry, facts read from
// the target database (the only database code of linting: src/lint never connects), and the
// gate `up` and `validate` apply to the pending files (docs/design.md §9).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/discovery.hpp"
#include "db/session.hpp"
#include "lint/config.hpp"
#include "lint/facts.hpp"
#include "lint/finding.hpp"
#include "lint/linter.hpp"
#include "pgshift/events.hpp"
#include "pgshift/lint.hpp"
#include "pgshift/options.hpp"
#include "runner/project.hpp"

namespace pgshift::runner {

// [lint] as the engine's Config. Errors: invalid_input for a rule id no rule has, naming where
// it was written ("pgshift.toml:3:13: unknown lint rule \"ban-drop-colum\" ...").
Result<lint::Config> lint_config(const LintOptions& options);

// The relations (schema, name) the statements of a run name, for the facts query.
using Names = std::set<std::pair<std::string, std::string>>;

// The server's version and, for every table of `names`, its row estimate and size, in one
// query. A table the database does not have gets no facts.
//   rows: reltuples scaled to the table's current pages, as the planner does; for a table
//   never analyzed, 0 when it has no pages, else at most (pages x tuples per page) when that
//   is below `small_table_rows` (TableFacts::rows_at_most), else unknown.
// Partitioned parents have unknown rows (their partitions hold them).
Result<lint::Facts> query_facts(db::Session& session, const Names& names,
                                std::int64_t small_table_rows);

// Reads the facts for the names a run touches; nullopt: lint without facts.
using FactsReader = std::function<Result<std::optional<lint::Facts>>(const Names& names)>;

struct RunLint {
  std::vector<lint::Finding> findings;
  bool facts = false;  // the findings were weighed with facts from a database
  int pg_version = lint::k_default_pg_version;  // the version the rules judged for
};

// Lints `sections`, the files of a run in order. The version judged for is `pg_version` (lint
// --pg-version), else the server's from the facts, else [lint] pg_version. Parses each file
// twice so that only one file's trees are held at a time: a run of 1,000 files would hold
// them all otherwise. Errors: the first parse error; interrupted when `cancel` is requested;
// those of `read_facts`.
Result<RunLint> lint_run(const std::vector<const core::Section*>& sections, lint::Config config,
                         const FactsReader& read_facts, std::optional<int> pg_version,
                         const CancelToken* cancel = nullptr);

// Lints `files`, the pending migrations of a run in order, as `up` will run them: facts from
// `session` (when not null) and the server's own version over [lint] pg_version; never
// standalone. `pg_version` (lint --pg-version) wins over both. Operations files are skipped;
// files with SQL errors must have been refused before.
Result<std::vector<lint::Finding>> lint_pending(const Options& options, db::Session* session,
                                                const std::vector<const Prepared*>& files,
                                                std::optional<int> pg_version = std::nullopt,
                                                const CancelToken* cancel = nullptr);

// Per migration file (by path), the rules whose error-level findings --allow-unsafe overrode: the
// audit event of that migration records them.
using LintOverrides = std::map<std::string, std::set<std::string>>;

// The gate of `up`: lints `files` (what will run, in order) as lint_pending does and emits the
// findings. Error-level findings refuse the run (lint_refused) unless `allow_unsafe`, which warns
// once and returns what it overrode; a dry run only reports them.
Result<LintOverrides> gate_pending(const Options& options, db::Session* session,
                                   const std::vector<const Prepared*>& files, bool allow_unsafe,
                                   bool dry_run, const EventSink& sink,
                                   const CancelToken* cancel = nullptr);

// One "lint_finding" event per finding (level error or warning; the message is the text
// reporter's rendering; fields rule, severity, path, line, column, lock, help, note).
void emit_findings(const EventSink& sink, const std::vector<lint::Finding>& findings);

LintFinding to_public(const lint::Finding& finding);
std::vector<LintFinding> to_public(const std::vector<lint::Finding>& findings);
lint::Finding from_public(const LintFinding& finding);

}  // namespace pgshift::runner
