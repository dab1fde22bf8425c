#include "lint/context.hpp"

#include <algorithm>

namespace pgshift::lint {

bool FileContext::created_in_file(const TableRef& table, std::size_t index) const {
  const std::string key = table.key();
  return std::any_of(created_here.begin(), created_here.end(),
                     [&](const auto& c) { return c.first == key && c.second < index; });
}

bool FileContext::created_in_earlier_file(const TableRef& table) const {
  return created_before != nullptr && std::find(created_before->begin(), created_before->end(),
                                                table.key()) != created_before->end();
}

core::Position FileContext::position(std::size_t offset) const {
  core::Position pos = core::position_of(section->text, offset);
  pos.line += section->first_line - 1;
  return pos;
}

}  // namespace pgshift::lint
