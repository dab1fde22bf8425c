// A lint rule: one hazard or piece of advice, a pure function over one file's classified
// statements (docs/design.md §9). Each rule is one file src/lint/rules/<rule_id>.cpp defining one
// `const Rule`, listed by one line of registry.cpp, with fixtures in tests/lint/<rule-id>/
// and a page docs/lint/<rule-id>.md (docs/lint/AUTHORING.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lint/context.hpp"
#include "lint/finding.hpp"

namespace pgshift::lint {

struct Rule;

// Where a rule's check reports: fills the rule id, severity, path and position, and the lock
// the statement takes, so that a rule writes only what is particular to it.
class Sink {
 public:
  Sink(const Rule& rule, const FileContext& file, std::vector<Finding>& out)
      : m_rule(rule), m_file(file), m_out(out) {}

  // A finding about statement `st` at its first token, or at byte `location` of the section
  // (a tree node's "location": the column, the constraint ...) when location >= 0. `lock` is
  // filled with the locks the statement takes (sql::Effects); the rule may replace it and
  // should set `help`, and `table` when the hazard is about an existing table's rows. The
  // reference is valid until the next report.
  Finding& report(const StatementInfo& st, std::string message, long location = -1);
  // A finding at a line and column of the file, about no statement (unused-ignore).
  Finding& report_at(int line, int column, std::string message);

 private:
  const Rule& m_rule;
  const FileContext& m_file;
  std::vector<Finding>& m_out;
};

using Check = void (*)(const FileContext& file, Sink& out);

struct Rule {
  std::string_view id;  // kebab-case; squawk's id where squawk has the rule
  // Default severity: error for hazards (a blocking lock held for long, a rewrite or scan of a
  // table, breaking running clients, a statement that fails); warning for advice (prefer-*,
  // ban-char-field ...). [lint] severity overrides it.
  Severity severity = Severity::error;
  std::string_view summary;  // one lowercase line, for listings and docs/lint/README.md
  Check check = nullptr;
  // Runs after every other rule's findings were suppressed, with FileContext::ignores filled
  // (unused-ignore). Ordinary rules leave it false.
  bool after_suppression = false;
};

// `ACCESS EXCLUSIVE on "users"`: the lock `stmt` takes on `table` (matched by name, and by
// schema when both are qualified); "" when the statement names no such relation.
std::string lock_on(const sql::Statement& stmt, const TableRef& table);
// Every lock the statement takes, strongest first then as written:
// `SHARE ROW EXCLUSIVE on "orders", SHARE ROW EXCLUSIVE on "users"`; "" when none.
std::string locks_of(const sql::Statement& stmt);

}  // namespace pgshift::lint
