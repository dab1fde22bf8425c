#include "lint/report.hpp"

namespace pgshift::lint {

std::string render_text(const Finding& f) {
  std::string out = f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
                    to_string(f.severity) + "[" + f.rule + "] " + f.message + "\n";
  if (!f.lock.empty()) {
    out += "  lock: " + f.lock + "\n";
  }
  if (!f.help.empty()) {
    out += "  help: " + f.help + "\n";
  }
  if (!f.note.empty()) {
    out += "  note: " + f.note + "\n";
  }
  return out;
}

std::string render_text(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += render_text(f);
  }
  return out;
}

std::string render_summary(const std::vector<Finding>& findings) {
  int errors = 0;
  int warnings = 0;
  for (const Finding& f : findings) {
    (f.severity == Severity::error ? errors : warnings) += 1;
  }
  if (errors == 0 && warnings == 0) {
    return "no problems";
  }
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  if (errors > 0 && warnings > 0) {
    return plural(errors, "error") + ", " + plural(warnings, "warning");
  }
  return errors > 0 ? plural(errors, "error") : plural(warnings, "warning");
}

}  // namespace pgshift::lint
