// Status and Result<T>: how every fallible pgshift function reports its outcome.
//
// Expected outcomes (lock busy, checksum drift, lint refusal) are values, not exceptions. The
// numeric value of each Code is the process exit code the CLI uses for it (docs/exit-codes.md),
// so the mapping from library outcome to exit code is the identity.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace pgshift {

enum class Code : int {
  ok = 0,
  failed = 1,         // a migration or database operation failed
  invalid_input = 2,  // usage, configuration or input error: nothing was run
  lint_refused = 3,   // lint violations refused the run
  lock_timeout = 4,   // the runner lock was not acquired within the wait
  drift = 5,          // checksum drift or history mismatch refused the run
  interrupted = 130,  // SIGINT/SIGTERM: state saved, safe to re-run
};

// The short name of a code, as it appears in JSON output ("drift", "lock_timeout", ...).
const char* code_name(Code code);

class Status {
 public:
  Status() = default;  // ok
  static Status ok() { return Status(); }
  static Status error(Code code, std::string message) { return Status(code, std::move(message)); }

  bool is_ok() const { return m_code == Code::ok; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return m_code; }
  // Lowercase, no trailing period; names in double quotes. Empty when ok.
  const std::string& message() const { return m_message; }
  // SQLSTATE of the database error behind this status, when there was one.
  const std::string& sqlstate() const { return m_sqlstate; }
  Status& with_sqlstate(std::string s) {
    m_sqlstate = std::move(s);
    return *this;
  }
  // Prefixes context: Status("x").context("migration 3") -> "migration 3: x".
  Status context(const std::string& what) const;

 private:
  Status(Code code, std::string message) : m_code(code), m_message(std::move(message)) {}
  Code m_code = Code::ok;
  std::string m_message;
  std::string m_sqlstate;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : m_value(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status status) : m_status(std::move(status)) {}  // NOLINT: implicit by design
  bool is_ok() const { return m_value.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return m_status; }
  T& value() & { return *m_value; }
  const T& value() const& { return *m_value; }
  T&& value() && { return std::move(*m_value); }
  T* operator->() { return &*m_value; }
  const T* operator->() const { return &*m_value; }
  T& operator*() & { return *m_value; }
  const T& operator*() const& { return *m_value; }

 private:
  std::optional<T> m_value;
  Status m_status;
};

}  // namespace pgshift

// Propagates a non-ok Status out of the enclosing function.
#define PGSHIFT_TRY(expr)                  \
  do {                                     \
    ::pgshift::Status pgshift_s_ = (expr); \
    if (!pgshift_s_.is_ok()) {             \
      return pgshift_s_;                   \
    }                                      \
  } while (0)
