#include <fmt/format.h>

#include "cli/command.hpp"
#include "pgshift/migrator.hpp"

namespace pgshift::cli {

RunFn setup_validate(CLI::App& sub) {
  auto opts = std::make_shared<ValidateOptions>();
  sub.add_flag("--offline", opts->offline,
               "check the files only, without connecting (for pull-request CI)");
  sub.footer(R"(
Checks what up would check, changing nothing: file names and versions, directives, that every
file parses (PostgreSQL's own parser), missing down files (warnings), lint findings (the pending
files with the database's facts; with --offline every file, as if migrating an empty database)
and, unless --offline, that applied files are unchanged and every recorded migration still has
its file.
Exit codes: 0 clean, 2 file errors, 5 history mismatch, 3 error-level lint findings.)");
  return [opts](Runtime& rt) {
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.validate(*opts);
    if (!report) {
      return fail(rt, report.status());
    }
    rt.out.text(fmt::format("{} file{} valid{}", report->files, report->files == 1 ? "" : "s",
                            report->warnings ? fmt::format(" ({} warning{})", report->warnings,
                                                           report->warnings == 1 ? "" : "s")
                                             : ""));
    rt.out.json({{"event", "summary"},
                 {"files", report->files},
                 {"errors", report->errors},
                 {"warnings", report->warnings}});
    return 0;
  };
}

}  // namespace pgshift::cli
