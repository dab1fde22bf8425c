// node-pg-migrate (github.com/salsita/node-pg-migrate, src/runner.ts): `pgmigrations (id serial
// primary key, name varchar(255) not null, run_on timestamp not null)` in schema "public" unless
// configured otherwise. One row per applied migration; `name` is its file name without the
// extension ("1700000000000_create-users"), whose leading digits are its version (the numeric
// prefix node-pg-migrate orders by). A down deletes the row.
#include <fmt/format.h>

#include <array>

#include "adopt/reader.hpp"

namespace pgshift::adopt::readers {
namespace {

constexpr std::array<Column, 3> k_columns{{{"id", 'N'}, {"name", 'S'}, {"run_on", 'D'}}};

Status interpret(const db::Rows& rows, ForeignHistory& out) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string name = rows.text(r, "name");
    std::string version = leading_version(name);
    if (version.empty()) {
      return Status::error(Code::drift,
                           fmt::format("node-pg-migrate history {} records migration \"{}\", "
                                       "whose name does not start with a version number: "
                                       "pgshift adopts numbered migrations only",
                                       out.table, name));
    }
    out.applied.push_back(ForeignMigration{std::move(version), name, rows.text(r, "applied_at")});
  }
  sort_applied(out.applied);
  return Status::ok();
}

}  // namespace

extern const Reader node_pg_migrate{
    .tool = "node-pg-migrate",
    .default_table = "pgmigrations",
    .columns = k_columns,
    .select =
        "name::text AS name, to_char(run_on::timestamptz AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS applied_at",
    .order_by = "ORDER BY run_on, id",
    .interpret = interpret,
};

}  // namespace pgshift::adopt::readers
