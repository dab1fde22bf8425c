// The lint engine: runs the registry's rules over the pending migration files of a run, in
// order, then applies the facts (created earlier, table size), the severities of [lint] and
// the `-- pgshift:lint-ignore` suppressions (docs/design.md §9). Pure: no database, no printing.
#pragma once

#include <vector>

#include "core/discovery.hpp"
#include "lint/config.hpp"
#include "lint/facts.hpp"
#include "lint/finding.hpp"
#include "lint/run_catalog.hpp"
#include "pgshift/status.hpp"
#include "sql/parse.hpp"

namespace pgshift::lint {

// One file to lint: a section and its statements parsed with their trees.
struct File {
  const core::Section* section = nullptr;  // must outlive the File
  std::vector<sql::Statement> statements;
};

// Parses `section` for linting (sql::ParseOptions::keep_tree). Errors: those of
// sql::parse_section (syntax errors, psql meta-commands) with the file, line and column;
// interrupted when `cancel` is requested.
Result<File> parse_file(const core::Section& section, const CancelToken* cancel = nullptr);

// Lints `run`, the pending files in the order they will run: tables created by an earlier file
// count as created earlier for the later ones. Findings come file by file, each file's sorted
// by line, column and rule id.
std::vector<Finding> lint(const std::vector<File>& run, const Config& config,
                          const Facts& facts = {});

// The same, one file at a time, for a run too large to hold every file's trees at once: record
// every file of the run in run order (file_number 0, 1, ...), then lint each file. The catalog
// keeps names, not trees: a file's trees may be dropped after `record` and parsed again for
// `lint_file`.
void record(RunCatalog& catalog, const File& file, std::size_t file_number);
std::vector<Finding> lint_file(const File& file, std::size_t file_number, const RunCatalog& catalog,
                               const Config& config, const Facts& facts = {});

// Number of findings of that severity.
int count(const std::vector<Finding>& findings, Severity severity);

}  // namespace pgshift::lint
