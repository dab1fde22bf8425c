// unused-ignore: a `-- pgshift:lint-ignore` id that suppressed nothing (the hazard was fixed,
// or the comment is not directly above the statement it meant), or that names no rule. Stale
// ignores hide the next real finding, so they are reported. Runs after suppression.
#include "lint/config.hpp"
#include "lint/registry.hpp"
#include "lint/rule.hpp"

namespace pgshift::lint::rules {
namespace {

void check(const FileContext& file, Sink& out) {
  for (const IgnoreUse& use : file.ignores) {
    if (use.used || use.rule == "unused-ignore") {
      continue;
    }
    if (find_rule(use.rule) == nullptr) {
      Finding& f =
          out.report_at(use.line, use.column, "unknown rule \"" + use.rule + "\" in lint-ignore");
      f.help = "the rules are listed in docs/lint/README.md";
      continue;
    }
    if (file.config->disabled.count(use.rule) != 0) {
      continue;  // a disabled rule finds nothing to suppress
    }
    Finding& f =
        out.report_at(use.line, use.column, "lint-ignore \"" + use.rule + "\" suppresses nothing");
    f.help = use.file_level
                 ? "remove it from the lint-ignore line"
                 : "remove it, or move it directly above the statement that violates \"" +
                       use.rule + "\"";
  }
}

}  // namespace

extern const Rule unused_ignore{
    .id = "unused-ignore",
    .severity = Severity::warning,
    .summary = "a lint-ignore that suppresses nothing or names no rule",
    .check = check,
    .after_suppression = true,
};

}  // namespace pgshift::lint::rules
