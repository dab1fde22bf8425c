// The one table of history readers. Adding a tool: its file src/adopt/readers/<tool>.cpp
// defining `const Reader <tool>` in pgshift::adopt::readers, one line below, its unit test in
// tests/adopt/ and its section in docs/adopting.md.
#include "adopt/registry.hpp"

#include <algorithm>
#include <array>

#define PGSHIFT_ADOPT_READERS(X) \
  X(golang_migrate)              \
  X(goose)                       \
  X(dbmate)                      \
  X(flyway)                      \
  X(sql_migrate)                 \
  X(node_pg_migrate)

namespace pgshift::adopt {
namespace readers {
#define PGSHIFT_DECLARE(name) extern const Reader name;
PGSHIFT_ADOPT_READERS(PGSHIFT_DECLARE)
#undef PGSHIFT_DECLARE
}  // namespace readers

namespace {
#define PGSHIFT_ENTRY(name) &readers::name,
constexpr std::array k_readers = {PGSHIFT_ADOPT_READERS(PGSHIFT_ENTRY)};
#undef PGSHIFT_ENTRY
}  // namespace

std::span<const Reader* const> all_readers() {
  return k_readers;
}

const Reader* find_reader(std::string_view tool) {
  auto it = std::find_if(k_readers.begin(), k_readers.end(),
                         [&](const Reader* r) { return r->tool == tool; });
  return it == k_readers.end() ? nullptr : *it;
}

std::string tool_names() {
  std::string out;
  for (const Reader* r : k_readers) {
    out += (out.empty() ? "" : ", ") + std::string(r->tool);
  }
  return out;
}

}  // namespace pgshift::adopt
