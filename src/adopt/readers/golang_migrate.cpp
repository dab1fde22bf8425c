// golang-migrate (github.com/golang-migrate/migrate, database/postgres/postgres.go): one table
// `schema_migrations (version bigint not null primary key, dirty boolean not null)` in the
// connection's current schema, holding one row: the LAST version applied. Every migration at or
// below it counts as applied. `dirty` is set before a migration runs and cleared after it, so a
// dirty row means that migration failed part-way (its SQL is not run in a transaction by the
// tool); version -1 with dirty set is a first migration that failed. The tool refuses to run
// until an operator repairs the schema and runs `migrate force V`; so does pgshift.
#include <fmt/format.h>

#include <array>

#include "adopt/reader.hpp"

namespace pgshift::adopt::readers {
namespace {

constexpr std::array<Column, 2> k_columns{{{"version", 'N'}, {"dirty", 'B'}}};

Status interpret(const db::Rows& rows, ForeignHistory& out) {
  if (rows.empty()) {
    return Status::ok();  // created, never migrated
  }
  if (rows.size() > 1) {
    return Status::error(
        Code::drift,
        fmt::format("golang-migrate history {} has {} rows where golang-migrate keeps one: it "
                    "cannot tell which version the database is at; leave the row of the real "
                    "version (migrate force V does that), then run pgshift again",
                    out.table, rows.size()));
  }
  const std::string version = rows.text(0, "version");
  if (rows.text(0, "dirty") == "true") {
    const bool first = version == "-1";
    return Status::error(
        Code::drift,
        fmt::format("golang-migrate history {} is dirty at version {}: {} failed part-way; "
                    "repair the schema by hand, record the real state with migrate force "
                    "(the failed version if its SQL is now fully applied, else the one before), "
                    "then run pgshift again",
                    out.table, version, first ? "the first migration" : "migration " + version));
  }
  if (version.empty() || version[0] == '-') {
    return Status::ok();  // no version (golang-migrate's NilVersion)
  }
  out.through = canonical_version(version);
  out.through_is_file = true;
  return Status::ok();
}

}  // namespace

extern const Reader golang_migrate{
    .tool = "golang-migrate",
    .default_table = "schema_migrations",
    .columns = k_columns,
    .select = "version::text AS version, dirty::text AS dirty",
    .order_by = "",
    .interpret = interpret,
};

}  // namespace pgshift::adopt::readers
