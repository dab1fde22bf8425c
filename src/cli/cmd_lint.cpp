#include <fmt/format.h>

#include "cli/command.hpp"
#include "core/config.hpp"
#include "lint/report.hpp"
#include "pgshift/migrator.hpp"
#include "runner/lint_gate.hpp"

namespace pgshift::cli {

namespace {

struct LintFlags {
  std::vector<std::string> paths;
  bool pending = false;
  std::optional<std::string> pg_version;
  bool standalone = false;
  bool offline = false;
  std::string format = "text";
  int max_warnings = -1;
};

}  // namespace

RunFn setup_lint(CLI::App& sub) {
  auto flags = std::make_shared<LintFlags>();
  sub.add_option("path", flags->paths,
                 "files or directories to lint, in this order (default: the migrations dir)");
  sub.add_flag("--pending", flags->pending,
               "lint only what up would run now, judged as up judges it (needs the database)");
  sub.add_option("--pg-version", flags->pg_version,
                 "target PostgreSQL version: 15, 11, 9.6, 15.4 or 150004 (default: [lint] "
                 "pg_version, else the server's, else 15)");
  sub.add_flag("--standalone", flags->standalone,
               "the files are run by another runner (psql): no lock_timeout or CONCURRENTLY "
               "care from pgshift");
  sub.add_flag("--offline", flags->offline,
               "no database facts even when a database URL is configured");
  sub.add_option("--format", flags->format, "text (default), json, github or gcc")
      ->check(CLI::IsMember({"text", "json", "github", "gcc"}));
  sub.add_option("--max-warnings", flags->max_warnings,
                 "also exit 3 when there are more warnings than this (default: no limit)")
      ->check(decimal());
  sub.footer(R"(
Lints migration files for statements that block production traffic, rewrite or scan big
tables, or break running clients (docs/lint/). With a database URL, table sizes from the
database sharpen the findings: a hazard on a small table is a warning.
Exit codes: 0 no error-level findings, 3 error-level findings (or more warnings than
--max-warnings), 2 bad input or configuration.

Examples:
  pgshift lint                                  every migration, from an empty database
  pgshift lint migrations/20261121_add.up.sql   one file
  pgshift lint --pending                        what up would run now, with the target's facts
  pgshift lint --format github                  annotations in a GitHub Actions job
  pgshift lint --standalone --pg-version 11 hotfix.sql)");
  return [flags](Runtime& rt) {
    LintRequest req;
    req.paths = flags->paths;
    req.pending = flags->pending;
    req.offline = flags->offline;
    if (flags->standalone) {
      req.standalone = true;
    }
    if (flags->pg_version) {
      req.pg_version = core::parse_pg_version(*flags->pg_version);
      if (!req.pg_version) {
        return fail(rt, Status::error(Code::invalid_input, "--pg-version: \"" + *flags->pg_version +
                                                               "\": " + core::k_pg_version_help));
      }
    }
    if (flags->pending && (!flags->paths.empty() || flags->offline)) {
      return fail(rt, Status::error(Code::invalid_input,
                                    "--pending lints what up would run: it takes no paths and "
                                    "needs the database (not --offline)"));
    }
    std::string format = flags->format;
    if (rt.out.json_mode()) {
      format = "json";
    } else if (format == "json") {
      rt.out.set_json(true);
    }
    Migrator m(rt.options, rt.sink(), &rt.cancel);
    auto report = m.lint(req);
    if (!report) {
      return fail(rt, report.status());
    }
    std::vector<lint::Finding> findings;
    for (const LintFinding& f : report->findings) {
      findings.push_back(runner::from_public(f));
    }
    const std::string summary =
        fmt::format("{} file{} linted: {}", report->files, report->files == 1 ? "" : "s",
                    lint::render_summary(findings));
    if (format == "json") {
      for (const lint::Finding& f : findings) {
        nlohmann::json j = lint::to_json(f);
        j["event"] = "lint_finding";
        rt.out.json(std::move(j));
      }
      rt.out.json({{"event", "summary"},
                   {"files", report->files},
                   {"errors", report->errors},
                   {"warnings", report->warnings},
                   {"facts", report->facts},
                   {"pg_version", report->pg_version}});
    } else {
      std::string body = format == "github" ? lint::render_github(findings)
                         : format == "gcc"  ? lint::render_gcc(findings)
                                            : lint::render_text(findings);
      if (!body.empty() && body.back() == '\n') {
        body.pop_back();
      }
      if (!body.empty()) {
        rt.out.text(body);
      }
      if (format == "text") {
        rt.out.text(summary);
      }
    }
    if (report->errors > 0) {
      return static_cast<int>(Code::lint_refused);
    }
    if (flags->max_warnings >= 0 && report->warnings > flags->max_warnings) {
      rt.out.error(
          Status::error(Code::lint_refused, fmt::format("{} warnings, more than --max-warnings {}",
                                                        report->warnings, flags->max_warnings)));
      return static_cast<int>(Code::lint_refused);
    }
    return 0;
  };
}

}  // namespace pgshift::cli
