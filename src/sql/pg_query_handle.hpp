// RAII owners for libpg_query results: every pg_query_* result is released by its matching
// pg_query_free_* function exactly once, whichever way the caller leaves. Private to src/sql.
#pragma once

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include <memory>

namespace pgshift::sql::detail {

// Owns one libpg_query result struct (returned by value from pg_query_*).
template <typename R, void (*Free)(R)>
class PgQueryHandle {
 public:
  explicit PgQueryHandle(R result) : m_result(result) {}
  ~PgQueryHandle() { Free(m_result); }
  PgQueryHandle(const PgQueryHandle&) = delete;
  PgQueryHandle& operator=(const PgQueryHandle&) = delete;

  const R& operator*() const { return m_result; }
  const R* operator->() const { return &m_result; }

 private:
  R m_result;
};

using ParseHandle = PgQueryHandle<PgQueryParseResult, pg_query_free_parse_result>;
using ScanHandle = PgQueryHandle<PgQueryScanResult, pg_query_free_scan_result>;
using SplitHandle = PgQueryHandle<PgQuerySplitResult, pg_query_free_split_result>;

// The scanner's token stream, unpacked from its protobuf.
struct UnpackedScanDeleter {
  void operator()(PgQuery__ScanResult* p) const {
    pg_query__scan_result__free_unpacked(p, nullptr);
  }
};
using UnpackedScan = std::unique_ptr<PgQuery__ScanResult, UnpackedScanDeleter>;

}  // namespace pgshift::sql::detail
