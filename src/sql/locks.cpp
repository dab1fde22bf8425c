#include "sql/locks.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/quote.hpp"
#include "sql/pg_query_handle.hpp"

namespace pgshift::sql {
namespace {

// A keyword that PostgreSQL's quote_ident() leaves bare: none at all, or an unreserved one
// ("name", "data" ...). Asks the real scanner, so the keyword list cannot go stale.
bool is_bare_word(const std::string& name) {
  const detail::ScanHandle result(pg_query_scan(name.c_str()));
  if (result->error != nullptr) {
    return false;
  }
  const detail::UnpackedScan unpacked(pg_query__scan_result__unpack(
      nullptr, result->pbuf.len, reinterpret_cast<const std::uint8_t*>(result->pbuf.data)));
  if (!unpacked || unpacked->n_tokens != 1) {
    return false;
  }
  const PgQuery__KeywordKind kind = unpacked->tokens[0]->keyword_kind;
  return kind == PG_QUERY__KEYWORD_KIND__NO_KEYWORD ||
         kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD;
}

// Can `name` be written without double quotes and still mean the same identifier? The rule of
// PostgreSQL's quote_ident(): lower-case ASCII letters, digits and underscores, not starting
// with a digit, and not a keyword that would be read as one.
bool needs_no_quotes(const std::string& name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) {
    return false;
  }
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain && is_bare_word(name);
}

std::string maybe_quoted(const std::string& name) {
  return needs_no_quotes(name) ? name : core::quote_ident(name);
}

}  // namespace

const char* lock_name(LockLevel level) {
  switch (level) {
    case LockLevel::none:
      return "";
    case LockLevel::access_share:
      return "ACCESS SHARE";
    case LockLevel::row_share:
      return "ROW SHARE";
    case LockLevel::row_exclusive:
      return "ROW EXCLUSIVE";
    case LockLevel::share_update_exclusive:
      return "SHARE UPDATE EXCLUSIVE";
    case LockLevel::share:
      return "SHARE";
    case LockLevel::share_row_exclusive:
      return "SHARE ROW EXCLUSIVE";
    case LockLevel::exclusive:
      return "EXCLUSIVE";
    case LockLevel::access_exclusive:
      return "ACCESS EXCLUSIVE";
  }
  return "";
}

// The conflict table of "Explicit Locking" (Table 13.2): only ACCESS EXCLUSIVE conflicts with
// ACCESS SHARE; SHARE and everything above it conflict with ROW EXCLUSIVE.
bool blocks_reads(LockLevel level) {
  return level == LockLevel::access_exclusive;
}

bool blocks_writes(LockLevel level) {
  return level >= LockLevel::share;
}

std::string RelationLock::qualified() const {
  return schema.empty() ? maybe_quoted(name) : maybe_quoted(schema) + "." + maybe_quoted(name);
}

LockLevel Effects::strongest() const {
  LockLevel out = LockLevel::none;
  for (const RelationLock& lock : locks) {
    out = std::max(out, lock.level);
  }
  return out;
}

}  // namespace pgshift::sql
