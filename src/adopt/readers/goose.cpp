// goose (github.com/pressly/goose, internal/dialects/postgres.go): `goose_db_version (id integer
// identity primary key, version_id bigint, is_applied boolean, tstamp timestamp default now())`
// in the current schema. goose appends a row per up (is_applied true); a down deletes the
// version's rows, or, in older goose versions, appends a row with is_applied false. So the row
// with the highest id of each version says whether it is applied (goose's EnsureDBVersion reads
// them newest first the same way). Version 0 is the row goose writes when it creates the table.
#include <fmt/format.h>

#include <array>
#include <map>

#include "adopt/reader.hpp"

namespace pgshift::adopt::readers {
namespace {

constexpr std::array<Column, 4> k_columns{
    {{"id", 'N'}, {"version_id", 'N'}, {"is_applied", 'B'}, {"tstamp", 'D'}}};

Status interpret(const db::Rows& rows, ForeignHistory& out) {
  // Rows come in id order: a later row of a version replaces the earlier one.
  std::map<std::string, ForeignMigration> latest;
  std::map<std::string, bool> applied;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string version = rows.text(r, "version_id");
    if (version == "0") {
      continue;
    }
    latest[version] =
        ForeignMigration{canonical_version(version), version, rows.text(r, "applied_at")};
    applied[version] = rows.text(r, "is_applied") == "true";
  }
  for (auto& [version, m] : latest) {
    if (version[0] == '-') {
      return Status::error(Code::drift,
                           fmt::format("goose history {} records version {}, which is not a "
                                       "migration version: remove that row, then run pgshift "
                                       "again",
                                       out.table, version));
    }
    if (applied[version]) {
      out.applied.push_back(std::move(m));
    }
  }
  sort_applied(out.applied);
  return Status::ok();
}

}  // namespace

extern const Reader goose{
    .tool = "goose",
    .default_table = "goose_db_version",
    .columns = k_columns,
    .select =
        "version_id::text AS version_id, is_applied::text AS is_applied, "
        "to_char(tstamp::timestamptz AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS applied_at",
    .order_by = "ORDER BY id",
    .interpret = interpret,
};

}  // namespace pgshift::adopt::readers
