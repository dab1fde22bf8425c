#include "ops/file.hpp"

#include <fmt/format.h>

#include "core/config.hpp"
#include "core/position.hpp"
#include "ops/registry.hpp"

namespace pgshift::ops {

Env OpsFile::env(int server_version) const {
  Env e;
  e.path = path;
  e.version = version;
  e.name = name;
  e.schema = schema;
  e.version_schema = fmt::format("{}_{}_{}", schema, version, name);
  e.server_version = server_version;
  return e;
}

namespace {

std::string known_types() {
  std::string list;
  for (const Kind* k : all_kinds()) {
    list += (list.empty() ? "" : ", ") + std::string(k->name);
  }
  return list;
}

Result<std::unique_ptr<Operation>> read_operation(const core::TomlNode& node,
                                                  const std::string& path, int ordinal) {
  if (node.kind != core::TomlNode::Kind::table) {
    return core::input_error(
        path, node.pos,
        fmt::format("operation {} must be a table, not {}", ordinal, node.kind_name()));
  }
  const core::TomlNode* op = nullptr;
  for (const auto& [k, v] : node.fields) {
    if (k == "op") {
      op = &v;
    }
  }
  if (!op) {
    return core::input_error(
        path, node.pos,
        fmt::format("operation {} has no \"op\" field (one of: {})", ordinal, known_types()));
  }
  const Kind* kind = op->kind == core::TomlNode::Kind::string ? find_kind(op->text) : nullptr;
  if (!kind) {
    return core::input_error(
        path, op->pos,
        fmt::format("unknown operation \"{}\" (known: {})",
                    op->kind == core::TomlNode::Kind::string ? op->text : op->kind_name(),
                    known_types()));
  }
  Fields fields(node, path, kind->name);
  std::optional<std::string> ignored;
  PGSHIFT_TRY(fields.text("op", ignored));
  auto operation = kind->read(fields);
  if (!operation) {
    return operation.status();
  }
  PGSHIFT_TRY(fields.finish());
  (*operation)->kind_name = kind->name;
  (*operation)->pos = node.pos;
  (*operation)->ordinal = ordinal;
  return operation;
}

// One file changes each column once, and a table it renames or drops in no other way: two
// operations on one column would each plan against a shape the other changes.
Status check_conflicts(const OpsFile& file) {
  struct Seen {
    Target target;
    const Operation* op;
  };
  std::vector<Seen> seen;
  for (const auto& op : file.operations) {
    for (const Target& t : op->targets()) {
      for (const Seen& s : seen) {
        if (s.op == op.get() || s.target.table != t.table) {
          continue;
        }
        const bool clash = s.target.whole_table || t.whole_table ||
                           (!t.column.empty() && s.target.column == t.column);
        if (!clash) {
          continue;
        }
        const std::string what =
            !t.column.empty() && s.target.column == t.column
                ? fmt::format("column \"{}\" of table \"{}\"", t.column, t.table)
                : fmt::format("table \"{}\"", t.table);
        return core::input_error(
            file.path, op->pos,
            fmt::format("conflicting operations: {} (operation {}) and {} (operation {}, line "
                        "{}) both change {}; put them in two migrations",
                        op->type(), op->ordinal, s.op->type(), s.op->ordinal, s.op->pos.line,
                        what));
      }
      seen.push_back({t, op.get()});
    }
  }
  return Status::ok();
}

}  // namespace

Result<OpsFile> read_ops_file(const core::MigrationSource& source) {
  OpsFile file;
  file.path = source.path;
  file.version = source.version;
  file.name = source.name;
  PGSHIFT_ASSIGN_OR_RETURN(auto root, core::parse_toml_tree(source.toml_text, source.path));
  Fields top(root, source.path, "operations file");
  std::optional<std::string> schema;
  PGSHIFT_TRY(top.optional_name("schema", schema));
  if (schema) {
    Status ok = core::check_schema_name(*schema, "schema");
    if (!ok) {
      return core::input_error(source.path, root.pos, ok.message());
    }
    file.schema = *schema;
  }
  Status st;
  const core::TomlNode* list = top.array("operations", st);
  PGSHIFT_TRY(st);
  PGSHIFT_TRY(top.finish());
  if (!list || list->items.empty()) {
    return core::input_error(source.path, root.pos,
                             "no operations: add at least one [[operations]] table with an "
                             "\"op\" field");
  }
  const std::string version_schema = file.env().version_schema;
  if (version_schema.size() > 63) {
    return core::input_error(
        source.path, root.pos,
        fmt::format("the version schema name \"{}\" is longer than 63 bytes: shorten the "
                    "migration's name",
                    version_schema));
  }
  int ordinal = 0;
  for (const core::TomlNode& node : list->items) {
    auto op = read_operation(node, source.path, ++ordinal);
    if (!op) {
      return op.status();
    }
    file.operations.push_back(std::move(op).value());
  }
  PGSHIFT_TRY(check_conflicts(file));
  return file;
}

}  // namespace pgshift::ops
