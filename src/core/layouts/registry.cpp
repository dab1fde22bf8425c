// The one table of layouts. Adding one: its file src/core/layouts/<id>.cpp defining
// `const Layout <id>` in pgshift::core::layouts, and one line below. Detection prefers the
// earlier of two layouts that both read a whole directory: golang-migrate before pgshift (a
// directory of pairs only is golang-migrate's), pgshift before the layouts that share its
// <version>_<name>.sql names (a file with no annotation at all gets pgshift's explanation).
#include <algorithm>
#include <array>

#include "core/layout.hpp"

#define PGSHIFT_LAYOUTS(X) \
  X(golang_migrate)        \
  X(pgshift_native)        \
  X(goose)                 \
  X(dbmate)                \
  X(sql_migrate)           \
  X(flyway)                \
  X(folders)

namespace pgshift::core {
namespace layouts {
#define PGSHIFT_DECLARE(name) extern const Layout name;
PGSHIFT_LAYOUTS(PGSHIFT_DECLARE)
#undef PGSHIFT_DECLARE
}  // namespace layouts

namespace {
#define PGSHIFT_ENTRY(name) &layouts::name,
constexpr std::array k_layouts = {PGSHIFT_LAYOUTS(PGSHIFT_ENTRY)};
#undef PGSHIFT_ENTRY
}  // namespace

std::span<const Layout* const> all_layouts() {
  return k_layouts;
}

const Layout* find_layout(std::string_view id) {
  auto it = std::find_if(k_layouts.begin(), k_layouts.end(),
                         [&](const Layout* l) { return l->id == id; });
  return it == k_layouts.end() ? nullptr : *it;
}

std::string layout_ids() {
  std::string out;
  for (const Layout* l : k_layouts) {
    out += (out.empty() ? "" : ", ") + std::string(l->id);
  }
  return out;
}

}  // namespace pgshift::core
