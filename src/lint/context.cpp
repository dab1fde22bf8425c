#include "lint/context.hpp"

namespace pgshift::lint {

bool FileContext::created_in_file(const TableRef& table, std::size_t index) const {
  const auto it = created_here.find(table.key());
  return it != created_here.end() && it->second < index;
}

bool FileContext::created_in_earlier_file(const TableRef& table) const {
  return created_before != nullptr && created_before->count(table.key()) > 0;
}

core::Position FileContext::position(std::size_t offset) const {
  core::Position pos = positions ? positions->at(offset) : core::position_of(section->text, offset);
  pos.line += section->first_line - 1;
  return pos;
}

}  // namespace pgshift::lint
