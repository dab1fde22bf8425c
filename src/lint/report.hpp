// The text reporter: findings rendered as lines for a terminal or a log. Returns strings; the
// library never prints (src/cli does). Other reporters (JSON, GitHub, gcc) read the same
// Finding fields.
#pragma once

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

}  // namespace pgshift::lint
