#include "runner/change.hpp"

namespace pgshift::runner {

std::unique_ptr<Change> migration_change(const Entry& entry) {
  // The one place that looks at the kind of a migration file.
  return entry.file->kind == history::Kind::ops ? ops_change(entry) : sql_change(entry);
}

}  // namespace pgshift::runner
