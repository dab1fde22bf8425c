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

// [[nodiscard]]: dropping a returned Status or Result drops an error; the compiler says so.
class [[nodiscard]] Status {
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

namespace detail {
// The failure a Result built from an ok Status carries instead (a programming error: such a
// Result would have neither a value nor a reason).
Status ok_status_without_value();
}  // namespace detail

// A value or the Status explaining why there is none. Built from an ok Status it has neither,
// so it carries detail::ok_status_without_value() instead of an empty-message failure.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_value(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status)                           // NOLINT: implicit by design
      : m_status(status.is_ok() ? detail::ok_status_without_value() : std::move(status)) {}
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

// Evaluates the expression (a Result<T>); on failure returns its Status from the enclosing
// function, otherwise moves the value into lhs, a declaration (`auto rows`) or an existing
// variable:
//   PGSHIFT_ASSIGN_OR_RETURN(auto rows, session.query(sql));
// It expands to several statements, not wrapped in do/while because lhs declares a variable of
// the enclosing scope: write it as a statement of its own in a braced block, one per line.
// The expression is variadic so that braces with commas ({a, b}) need no extra parentheses.
#define PGSHIFT_ASSIGN_OR_RETURN(lhs, ...) \
  PGSHIFT_ASSIGN_OR_RETURN_IMPL_(PGSHIFT_CONCAT_(pgshift_r_, __LINE__), lhs, __VA_ARGS__)
#define PGSHIFT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, ...) \
  auto tmp = (__VA_ARGS__);                           \
  if (!tmp.is_ok()) {                                 \
    return tmp.status();                              \
  }                                                   \
  lhs = std::move(tmp).value()
#define PGSHIFT_CONCAT_(a, b) PGSHIFT_CONCAT_IMPL_(a, b)
#define PGSHIFT_CONCAT_IMPL_(a, b) a##b
