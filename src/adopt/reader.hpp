// A reader of another migration tool's history table (golang-migrate, goose, dbmate, Flyway,
// sql-migrate, node-pg-migrate). Each tool is one `const Reader` in src/adopt/readers/<tool>.cpp,
// listed by one line of registry.cpp: the table's default name, the columns that identify it,
// the query that reads it and a pure function that turns its rows into the migrations the tool
// considers applied. Readers never write: the other tool's table is left as it is.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/session.hpp"
#include "pgshift/status.hpp"

namespace pgshift::adopt {

// A column of a tool's history table: its name and the pg_type.typcategory of its type ('N'
// numeric, 'S' string, 'B' boolean, 'D' date/time), so that the integer widths and text types
// the tool's versions used over the years all match.
struct Column {
  std::string_view name;
  char category;
};

// One migration the other tool records as applied.
struct ForeignMigration {
  std::string version;     // canonical (see canonical_version below)
  std::string recorded;    // what the tool recorded for it: a version, a file or migration name
  std::string applied_at;  // ISO 8601 UTC; empty when the tool records no time
};

// Another tool's history, read.
struct ForeignHistory {
  std::string tool;   // "golang-migrate"
  std::string table;  // quoted and schema-qualified: "public"."schema_migrations"
  // Each migration the tool records as applied, in version order (duplicates removed).
  std::vector<ForeignMigration> applied;
  // Every file at or below this version counts as applied too: golang-migrate records only its
  // last version, a Flyway baseline row stands for everything up to it. Empty when none.
  std::string through;
  // The `through` version must itself be a migration file (golang-migrate), or need not be (a
  // Flyway baseline is usually at a version without a file).
  bool through_is_file = false;
  // What was read but cannot be adopted, one line each (Flyway repeatable migrations).
  std::vector<std::string> ignored;

  bool empty() const { return applied.empty() && through.empty(); }
  // The newest version the tool records as applied (or `through`); empty when none.
  std::string newest() const;
};

// Turns the rows of the reader's query into `out` (tool and table are filled in already).
// Refusals are Code::drift with a one-line message naming the table and the version: a
// golang-migrate version marked dirty, a failed Flyway row, a version that is not a number.
using Interpret = Status (*)(const db::Rows& rows, ForeignHistory& out);

struct Reader {
  std::string_view tool;            // "golang-migrate": the value of adopt_from / --adopt-from
  std::string_view default_table;   // found through search_path, as the tool itself does
  std::span<const Column> columns;  // exactly these columns (any order) identify the table
  // The query's select list (each column as text, times as ISO 8601 UTC) and its ORDER BY.
  std::string_view select;
  std::string_view order_by;
  Interpret interpret = nullptr;
};

// "version bigint, dirty boolean" style, for messages: the reader's expected columns.
std::string describe_columns(const Reader& reader);

// A version as the tool wrote it, canonical as pgshift compares versions: "0003" -> "3".
// Dotted versions (Flyway's "1.1") are kept as written.
std::string canonical_version(std::string_view version);

// The leading digits of a recorded name ("1700000000000_create-users" -> "1700000000000",
// "2_add_email.sql" -> "2"); empty when it does not start with a digit.
std::string leading_version(std::string_view name);

// Orders versions as numbers, part by part for dotted ones ("1.2" < "1.10" < "2"): <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

// Sorts `applied` by version and removes repeated versions (the last one read wins).
void sort_applied(std::vector<ForeignMigration>& applied);

}  // namespace pgshift::adopt
