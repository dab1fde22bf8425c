#include "lint/context.hpp"

namespace pgshift::lint {

std::optional<TableOrigin> FileContext::origin(const TableRef& table, std::size_t index) const {
  return run != nullptr ? run->table(table, RunPos{file_number, index}) : std::nullopt;
}

bool FileContext::created_in_file(const TableRef& table, std::size_t index) const {
  const std::optional<TableOrigin> o = origin(table, index);
  return o && o->created && o->created->file == file_number;
}

bool FileContext::created_in_earlier_file(const TableRef& table, std::size_t index) const {
  const std::optional<TableOrigin> o = origin(table, index);
  return o && o->created && o->created->file < file_number;
}

const TableFacts* FileContext::table_facts(const TableRef& table, std::size_t index) const {
  const std::optional<TableOrigin> o = origin(table, index);
  return facts->find(o ? o->first_name : table);
}

namespace {

// Facts say the target has no relation of that name, and the name means what it meant when
// the facts were read (qualified, or search_path untouched by the run so far).
bool target_lacks(const FileContext& ctx, const TableRef& name, std::size_t index) {
  const bool resolved_alike =
      !name.schema.empty() ||
      (ctx.run == nullptr || !ctx.run->search_path_changed(RunPos{ctx.file_number, index}));
  return resolved_alike && ctx.facts->absent.count(name.key()) != 0;
}

}  // namespace

bool FileContext::absent_from_target(const TableRef& table, std::size_t index) const {
  const std::optional<TableOrigin> o = origin(table, index);
  if (o && o->created) {
    return false;
  }
  return target_lacks(*this, o ? o->first_name : table, index);
}

IndexState FileContext::index_state(const TableRef& index_name, std::size_t index) const {
  if (run != nullptr) {
    if (auto o = run->index(index_name, RunPos{file_number, index})) {
      return IndexState{o->table, !o->table};
    }
  }
  if (auto table = facts->index_table(index_name)) {
    return IndexState{table, false};
  }
  return IndexState{std::nullopt, target_lacks(*this, index_name, index)};
}

core::Position FileContext::position(std::size_t offset) const {
  core::Position pos = positions ? positions->at(offset) : core::position_of(section->text, offset);
  pos.line += section->first_line - 1;
  return pos;
}

}  // namespace pgshift::lint
