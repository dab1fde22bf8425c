#include "lint/finding.hpp"

#include "lint/facts.hpp"

namespace pgshift {

const char* to_string(LintSeverity severity) {
  return severity == LintSeverity::error ? "error" : "warning";
}

}  // namespace pgshift

namespace pgshift::lint {

std::string TableRef::display() const {
  return schema.empty() ? name : schema + "." + name;
}

// Unqualified names are read as public's: the default search_path, and what the runner's
// facts query reports for them.
std::string TableRef::key() const {
  return (schema.empty() ? std::string("public") : schema) + "." + name;
}

const TableFacts* Facts::find(const TableRef& table) const {
  auto it = tables.find(table.key());
  return it == tables.end() ? nullptr : &it->second;
}

std::optional<TableRef> Facts::index_table(const TableRef& index) const {
  auto it = indexes.find(index.key());
  return it == indexes.end() ? std::nullopt : std::optional<TableRef>(it->second);
}

}  // namespace pgshift::lint
