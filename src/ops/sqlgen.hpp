// SQL that several operations generate: catalog guards that make a step idempotent, the version
// schema with its direction function, dual-write triggers and the version schema's views.
// Every identifier goes through quote_ident, every literal through quote_literal, every user
// fragment through sql::spliceable, and every function or DO body through core::dollar_quote
// (a tag the body does not contain: a name may hold "$pgshift$").
#pragma once

#include <string>
#include <vector>

#include "ops/model.hpp"
#include "ops/steps.hpp"
#include "sql/fragment.hpp"

namespace pgshift::ops::gen {

std::string q(const std::string& ident);  // quote_ident
std::string lit(const std::string& s);    // quote_literal

// A DO block that runs `inner` only while `condition` (SQL boolean) holds, so a re-run after a
// crash skips what is done: a rename, an ADD CONSTRAINT without IF NOT EXISTS.
std::string when(const std::string& condition, const std::string& inner);
// Catalog conditions for when(): columns and constraints of a table of Env::schema.
std::string column_exists(const Env& env, const std::string& table, const std::string& column);
std::string constraint_exists(const Env& env, const std::string& table, const std::string& name);
std::string relation_exists(const Env& env, const std::string& relation);

// NOT NULL without a long lock, in three steps: the CHECK (`column` IS NOT NULL) NOT VALID
// (checked for new rows at once; guarded, so a re-run skips it), its VALIDATE (existing rows,
// under SHARE UPDATE EXCLUSIVE, which lets reads and writes through), and SET NOT NULL with
// the CHECK dropped (PostgreSQL sees the valid CHECK and skips its scan: a short ACCESS
// EXCLUSIVE). Names are physical.
std::string add_not_null_check(const Env& env, const std::string& table, const std::string& check,
                               const std::string& column);
std::string not_null_check(const Env& env, const std::string& table, const std::string& check,
                           const std::string& column);  // the ALTER TABLE alone, unguarded
std::string validate_constraint(const Env& env, const std::string& table,
                                const std::string& constraint);
std::string set_not_null(const Env& env, const std::string& table, const std::string& column,
                         const std::string& check);

// First expand step: the version schema and its direction function `_pgshift_is_new()`, which
// tells a trigger whether the session writes as this version (or a later one) or as an older
// one: from the `pgshift.version` setting (a version number or a version schema name), else
// from the first schema of search_path that is the base schema or one of its version schemas.
std::string create_version_schema(const Env& env);

// A BEFORE INSERT OR UPDATE row trigger on `table` (physical name) that keeps both shapes in
// step: writes by the old version run `to_new`, writes by the new version run `to_old`. Each
// expression is evaluated with the columns of its own version as variables (the old shape from
// `old_table`, the new from `new_table`), so `up = "lower(email)"` means the old column.
struct Assignment {
  std::string target;         // physical column to set
  sql::Spliceable expr;       // SQL expression in the writing version's column names
  bool only_if_null = false;  // set only when the written value is NULL
  // Set only when this SQL condition (in the same names as `expr`) holds, e.g. when the row
  // violates a check (add_check); "" for always. Combines with only_if_null.
  std::string only_if;
};
std::string dual_write_trigger(const Env& env, int ordinal, const std::string& what,
                               const Table& old_table, const Table& new_table,
                               const std::vector<Assignment>& to_new,
                               const std::vector<Assignment>& to_old);
// Drops the trigger and its function (IF EXISTS).
std::string drop_trigger(const Env& env, int ordinal, const std::string& what,
                         const std::string& table);

// The version schema's views: one per table of `end`, in that version's shape (column names
// and per-version defaults), over the physical tables. Simple views, so PostgreSQL makes them
// updatable: the application inserts, updates and deletes through them.
std::string create_views(const Env& env, const Model& end);
// Renames the column `from` of every index of `table` to `to`: an index keeps the column names
// it was built with, so an index built on a temporary column would keep "_pgshift_new_x" after
// the table's column is renamed to "x".
std::string rename_index_columns(const Env& env, const std::string& table, const std::string& from,
                                 const std::string& to);

// Drops every view, or every function, of a schema (IF EXISTS; a loop over the catalog).
std::string drop_views(const std::string& schema);
std::string drop_functions(const std::string& schema);

}  // namespace pgshift::ops::gen
