// The reporters: findings rendered as text for a terminal or a log, as JSON, as GitHub workflow
// annotations and in gcc's diagnostic format (editors, problem matchers). Each returns strings;
// the library never prints (src/cli does).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "lint/finding.hpp"

namespace pgshift::lint {

// path:3:1: error[adding-field-with-default] adding column "token" with ...
//   lock: ACCESS EXCLUSIVE on "users"
//   help: add the column without a default ...
//   note: table "users" is created earlier in this run
// (lock, help and note lines only when set), each line ending in '\n'.
std::string render_text(const Finding& finding);
std::string render_text(const std::vector<Finding>& findings);
// "2 errors, 1 warning" / "no problems".
std::string render_summary(const std::vector<Finding>& findings);

// {"rule", "severity", "path", "line", "column", "message", "lock", "help", "note"}: every
// key always present (empty strings when unset), so consumers need no existence checks.
nlohmann::json to_json(const Finding& finding);
// One JSON object per line (to_json), each line ending in '\n'.
std::string render_json(const std::vector<Finding>& findings);

// GitHub Actions workflow commands, one line per finding:
// ::error file=m/3_a.up.sql,line=3,col=31,title=adding-field-with-default::table "events" ...
// (::warning for warnings); lock, help and note follow the message on lines of their own
// inside the annotation (%0A). Values escaped as the runner requires (%25, %0D, %0A, and in
// properties %3A, %2C).
std::string render_github(const Finding& finding);
std::string render_github(const std::vector<Finding>& findings);

// gcc's format, which editors and CI problem matchers read:
// m/3_a.up.sql:3:31: error: adding column "id2" ... [adding-field-with-default]
// followed by `path:line:col: note: lock: ...` / `note: help: ...` / `note: ...` lines.
std::string render_gcc(const Finding& finding);
std::string render_gcc(const std::vector<Finding>& findings);

}  // namespace pgshift::lint
