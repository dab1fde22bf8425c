// Flyway (github.com/flyway/flyway, PostgreSQLDatabase.getRawCreateScript):
// `flyway_schema_history (installed_rank int primary key, version varchar(50), description,
// type varchar(20), script, checksum int, installed_by, installed_on timestamp, execution_time
// int, success boolean)` in the default schema. One row per event, in installed_rank order:
//   SCHEMA                   Flyway created the schema: no migration
//   BASELINE, *_BASELINE     a baseline (flyway baseline, or a B<version> baseline migration):
//                            everything up to its version counts as applied
//   DELETE, UNDO_*           `flyway repair` marked the version deleted, or an undo migration
//                            reverted it: no longer applied
//   anything else (SQL ...)  the version ran; success false means it failed
// The latest row of a version decides. Flyway refuses to migrate past a failed row until
// `flyway repair` removes it, and so does pgshift. Rows without a version are repeatable
// migrations, which pgshift does not have: they are not adopted (and reported).
#include <fmt/format.h>

#include <array>
#include <map>

#include "adopt/reader.hpp"

namespace pgshift::adopt::readers {
namespace {

constexpr std::array<Column, 10> k_columns{{{"installed_rank", 'N'},
                                            {"version", 'S'},
                                            {"description", 'S'},
                                            {"type", 'S'},
                                            {"script", 'S'},
                                            {"checksum", 'N'},
                                            {"installed_by", 'S'},
                                            {"installed_on", 'D'},
                                            {"execution_time", 'N'},
                                            {"success", 'B'}}};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool is_baseline(std::string_view type) {
  return type == "BASELINE" || ends_with(type, "_BASELINE") || ends_with(type, "_STATE_SCRIPT");
}

bool is_removal(std::string_view type) {
  return type == "DELETE" || type.substr(0, 5) == "UNDO_";
}

Status failed(const ForeignHistory& out, const std::string& what, const std::string& script) {
  return Status::error(Code::drift,
                       fmt::format("flyway history {} records {} (\"{}\") as failed: repair the "
                                   "schema by hand, remove the failed row with flyway repair, "
                                   "then run pgshift again",
                                   out.table, what, script));
}

struct Latest {
  ForeignMigration migration;
  std::string type;
  bool success = true;
};

Status interpret(const db::Rows& rows, ForeignHistory& out) {
  std::map<std::string, Latest> latest;     // by version as written
  std::map<std::string, bool> repeatables;  // by script: whether its last run succeeded
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string type = rows.text(r, "type");
    const std::string script = rows.text(r, "script");
    const bool success = rows.text(r, "success") == "true";
    const auto& version = rows.at(r, "version");
    if (type == "SCHEMA") {
      continue;
    }
    if (!version) {
      repeatables[script] = success;
      continue;
    }
    if (is_baseline(type)) {
      if (out.through.empty() || compare_versions(*version, out.through) > 0) {
        out.through = canonical_version(*version);
      }
      continue;
    }
    latest[*version] = Latest{{canonical_version(*version), script, rows.text(r, "applied_at")},
                              type,
                              success || type == "DELETE"};
  }
  for (const auto& [script, ok] : repeatables) {
    if (!ok) {
      return failed(out, "repeatable migration", script);
    }
    out.ignored.push_back(
        fmt::format("repeatable migration \"{}\" (pgshift has no repeatable "
                    "migrations: run its SQL as a new versioned file when it "
                    "changes)",
                    script));
  }
  for (auto& [version, l] : latest) {
    if (!l.success) {
      return failed(out, "version " + version, l.migration.recorded);
    }
    if (!is_removal(l.type)) {
      out.applied.push_back(std::move(l.migration));
    }
  }
  sort_applied(out.applied);
  return Status::ok();
}

}  // namespace

extern const Reader flyway{
    .tool = "flyway",
    .default_table = "flyway_schema_history",
    .columns = k_columns,
    .select =
        "version::text AS version, type::text AS type, script::text AS script, "
        "success::text AS success, to_char(installed_on::timestamptz AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS applied_at",
    .order_by = "ORDER BY installed_rank",
    .interpret = interpret,
};

}  // namespace pgshift::adopt::readers
