#include "ops/model.hpp"

#include <algorithm>

namespace pgshift::ops {

namespace {

template <typename T, typename V>
auto find_named(V& items, const std::string& name) -> T* {
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& x) { return x.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

Column* Table::column(const std::string& n) {
  return find_named<Column>(columns, n);
}
const Column* Table::column(const std::string& n) const {
  return find_named<const Column>(columns, n);
}
const Constraint* Table::constraint(const std::string& n) const {
  return find_named<const Constraint>(constraints, n);
}
const Index* Table::index(const std::string& n) const {
  return find_named<const Index>(indexes, n);
}

std::map<std::string, std::string> Table::physical_names() const {
  std::map<std::string, std::string> out;
  for (const Column& c : columns) {
    out[c.name] = c.physical;
  }
  return out;
}

Table* Model::table(const std::string& n) {
  return find_named<Table>(tables, n);
}
const Table* Model::table(const std::string& n) const {
  return find_named<const Table>(tables, n);
}

const Table* Model::table_of_index(const std::string& index) const {
  for (const Table& t : tables) {
    if (t.index(index) || t.constraint(index)) {
      return &t;
    }
  }
  return nullptr;
}

bool Model::has_relation(const std::string& n) const {
  return table(n) != nullptr || table_of_index(n) != nullptr;
}

std::string temp_column(const std::string& column) {
  std::string out = std::string(k_prefix) + "new_" + column;
  if (out.size() > 63) {
    out.resize(63);
  }
  return out;
}

}  // namespace pgshift::ops
