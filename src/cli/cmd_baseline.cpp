#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/version.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_baseline(CLI::App& sub) {
  auto version = std::make_shared<std::string>();
  sub.add_option("version", *version, "the version the database's schema already matches")
      ->required();
  sub.footer(R"(
Adopts a database whose schema was built without pgshift: migrations at or below VERSION are
recorded as applied (with their checksums) without running their SQL; later ones stay pending.
Refused when the history already records migrations.

Example:
  pgshift baseline 20261101000000 && pgshift up)");
  return [version](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.baseline(*version);
    if (!report) {
      return fail(rt, report.status());
    }
    rt.out.json({{"event", "summary"},
                 {"baseline", core::canonical_version(*version)},  // checked by baseline()
                 {"recorded", report->done}});
    return 0;
  };
}

}  // namespace pgshift::cli
