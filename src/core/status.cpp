#include "pgshift/status.hpp"

namespace pgshift {

const char* code_name(Code code) {
  switch (code) {
    case Code::ok:
      return "ok";
    case Code::failed:
      return "failed";
    case Code::invalid_input:
      return "invalid_input";
    case Code::lint_refused:
      return "lint_refused";
    case Code::lock_timeout:
      return "lock_timeout";
    case Code::drift:
      return "drift";
    case Code::interrupted:
      return "interrupted";
  }
  return "unknown";
}

namespace detail {
Status ok_status_without_value() {
  return Status::error(Code::failed, "internal error: a result was built from an ok status");
}
}  // namespace detail

Status Status::context(const std::string& what) const {
  if (is_ok()) {
    return *this;
  }
  Status s(m_code, what + ": " + m_message);
  s.m_sqlstate = m_sqlstate;
  return s;
}

}  // namespace pgshift
