#include <fmt/format.h>

#include "cli/command.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_repair(CLI::App& sub) {
  sub.footer(R"(
Tells pgshift that the files are right: records the current checksums of edited applied files
(and of already-run statements of partial files), and clears failed rows. Runs no migration SQL.
Every change is written to the audit log (<history schema>.events) with old and new checksums.
Use it after reviewing why a file changed, e.g. a comment or formatting fix under exact checksums.)");
  return [](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.repair();
    if (!report) {
      return fail(rt, report.status());
    }
    rt.out.json({{"event", "summary"}, {"repaired", report->done}});
    if (report->done > 0) {
      rt.out.text(
          fmt::format("repaired {} migration{}", report->done, report->done == 1 ? "" : "s"));
    }
    return 0;
  };
}

}  // namespace pgshift::cli
