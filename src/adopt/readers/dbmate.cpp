// dbmate (github.com/amacneil/dbmate, pkg/driver/postgres/postgres.go): `schema_migrations
// (version varchar primary key)` in the current schema (or the first schema of the URL's
// search_path). One row per applied migration, holding the digits that start its file name as
// written ("20200101120000"); a down deletes the row. dbmate records no time.
#include <fmt/format.h>

#include <array>

#include "adopt/reader.hpp"
#include "core/version.hpp"

namespace pgshift::adopt::readers {
namespace {

constexpr std::array<Column, 1> k_columns{{{"version", 'S'}}};

Status interpret(const db::Rows& rows, ForeignHistory& out) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string version = rows.text(r, "version");
    if (!core::is_version(version)) {
      return Status::error(Code::drift,
                           fmt::format("dbmate history {} records version \"{}\", which is not a "
                                       "number: pgshift adopts numbered migrations only",
                                       out.table, version));
    }
    out.applied.push_back(ForeignMigration{canonical_version(version), version, ""});
  }
  sort_applied(out.applied);
  return Status::ok();
}

}  // namespace

extern const Reader dbmate{
    .tool = "dbmate",
    .default_table = "schema_migrations",
    .columns = k_columns,
    .select = "version::text AS version",
    .order_by = "ORDER BY version",
    .interpret = interpret,
};

}  // namespace pgshift::adopt::readers
