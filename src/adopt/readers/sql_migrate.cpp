// sql-migrate (github.com/rubenv/sql-migrate, migrate.go): `gorp_migrations (id text primary key,
// applied_at timestamp with time zone)`, created through gorp. One row per applied migration; `id`
// is its file name ("2_add_email.sql"), whose leading digits are its version (sql-migrate's
// numberPrefixRegex). A down deletes the row.
#include <fmt/format.h>

#include <array>

#include "adopt/reader.hpp"

namespace pgshift::adopt::readers {
namespace {

constexpr std::array<Column, 2> k_columns{{{"id", 'S'}, {"applied_at", 'D'}}};

Status interpret(const db::Rows& rows, ForeignHistory& out) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string id = rows.text(r, "id");
    std::string version = leading_version(id);
    if (version.empty()) {
      return Status::error(Code::drift,
                           fmt::format("sql-migrate history {} records migration \"{}\", whose "
                                       "name does not start with a version number: pgshift "
                                       "adopts numbered migrations only",
                                       out.table, id));
    }
    out.applied.push_back(ForeignMigration{std::move(version), id, rows.text(r, "applied_at")});
  }
  sort_applied(out.applied);
  return Status::ok();
}

}  // namespace

extern const Reader sql_migrate{
    .tool = "sql-migrate",
    .default_table = "gorp_migrations",
    .columns = k_columns,
    .select =
        "id::text AS id, to_char(applied_at::timestamptz AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS applied_at",
    .order_by = "ORDER BY applied_at, id",
    .interpret = interpret,
};

}  // namespace pgshift::adopt::readers
