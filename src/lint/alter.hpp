// Iterating the subcommands of a file's ALTER TABLE statements together with the table they
// alter: the loop shared by the rules about ALTER TABLE (adding-foreign-key-constraint,
// ban-drop-column ...). The subcommands themselves are read with tree::AlterCmd helpers.
#pragma once

#include <string_view>

#include "lint/context.hpp"
#include "lint/finding.hpp"
#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint {

// Calls `visit(st, table, cmd)` for every subcommand of every AlterTableStmt of the file, in
// order; only for the subcommands of `subtype` when it is not empty (exact match, as
// tree::alter_cmds). `table` is the statement's relation (tree::relation_of).
template <class Visit>
void for_each_alter_cmd(const FileContext& file, std::string_view subtype, Visit&& visit) {
  for (const StatementInfo& st : file.statements) {
    if (*st.node != "AlterTableStmt") {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    for (const tree::AlterCmd& cmd : tree::alter_cmds(*st.body, subtype)) {
      visit(st, table, cmd);
    }
  }
}

template <class Visit>
void for_each_alter_cmd(const FileContext& file, Visit&& visit) {
  for_each_alter_cmd(file, std::string_view(), visit);
}

// The check of adding-serial-primary-key-field and disallowed-unique-constraint: every ALTER
// TABLE subcommand that adds a constraint of `contype` (CONSTR_PRIMARY, CONSTR_UNIQUE) without
// USING INDEX, so that its unique index is built under the table's lock, is reported at the
// constraint as `adding <what> to table "t" builds its unique index while reads and writes
// wait`, with the table's lock "while the index is built" and `help`. `what(added)` names the
// constraint ("a primary key", `unique constraint "u"` ...).
void report_unique_index_builds(const FileContext& file, Sink& out, std::string_view contype,
                                std::string (*what)(const tree::AddedConstraint& added),
                                const char* help);

}  // namespace pgshift::lint
