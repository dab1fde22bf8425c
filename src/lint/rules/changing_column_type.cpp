// changing-column-type: ALTER TABLE ... ALTER COLUMN ... TYPE on an existing table. Most
// changes rewrite the table and rebuild its indexes under ACCESS EXCLUSIVE; running clients may
// also break on the new type. PostgreSQL skips the rewrite for a binary-coercible widening
// (varchar(n) to varchar(m >= n), varchar or text; text to varchar; numeric(p, s) to numeric(q
// >= p, s) or numeric; varbit(n) to a wider varbit), which the rule recognises when an earlier
// statement of the file shows the column's old type (CREATE TABLE, ADD COLUMN, an earlier
// TYPE). The old type of a column of an existing table is not in the file: then the rule
// reports, and its help says when the change is only a catalog update.
#include <map>
#include <utility>

#include "lint/rule.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint::rules {
namespace {

struct Type {
  std::string name;  // as the parser spells it: varchar, text, numeric, int4 ...
  std::vector<long> typmods;
  bool array = false;
};

Type type_of(const tree::Column& c) {
  return Type{c.type, c.typmods, c.array};
}

// The SQL spelling of the parser's internal names: int8 -> bigint.
std::string sql_name(const std::string& name) {
  static const std::map<std::string, std::string> k_names = {
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"bpchar", "char"},
      {"timestamptz", "timestamptz"},
  };
  const auto it = k_names.find(name);
  return it != k_names.end() ? it->second : name;
}

std::string display(const Type& t) {
  std::string out = sql_name(t.name);
  for (std::size_t i = 0; i < t.typmods.size(); ++i) {
    out += (i == 0 ? "(" : ", ") + std::to_string(t.typmods[i]);
  }
  out += t.typmods.empty() ? "" : ")";
  return out + (t.array ? "[]" : "");
}

// Does changing `from` to `to` leave every stored value as it is (no rewrite, no scan)?
bool binary_coercible(const Type& from, const Type& to) {
  if (from.array != to.array) {
    return false;
  }
  if (from.name == to.name && from.typmods == to.typmods) {
    return true;
  }
  const bool from_string = from.name == "varchar" || from.name == "text";
  if (from_string && to.name == "text") {
    return true;
  }
  if (from_string && to.name == "varchar") {
    // Unlimited varchar takes anything; a limit must not be below the old one.
    return to.typmods.empty() ||
           (from.name == "varchar" && !from.typmods.empty() && to.typmods[0] >= from.typmods[0]);
  }
  if ((from.name == "numeric" && to.name == "numeric") ||
      (from.name == "varbit" && to.name == "varbit")) {
    if (to.typmods.empty()) {
      return true;
    }
    if (from.typmods.empty() || to.typmods[0] < from.typmods[0]) {
      return false;
    }
    const long from_scale = from.typmods.size() > 1 ? from.typmods[1] : 0;
    const long to_scale = to.typmods.size() > 1 ? to.typmods[1] : 0;
    return from_scale == to_scale;  // more precision, same scale
  }
  return false;
}

// Might the change be a widening that PostgreSQL does without a rewrite, old type unknown?
bool may_be_widening(const Type& to) {
  return !to.array &&
         (to.name == "text" || to.name == "varchar" || to.name == "numeric" || to.name == "varbit");
}

using ColumnKey = std::pair<std::string, std::string>;  // TableRef::key(), column

void check(const FileContext& file, Sink& out) {
  std::map<ColumnKey, Type> known;
  for (const StatementInfo& st : file.statements) {
    if (const auto created = tree::created_table(*st.node, *st.body)) {
      for (const tree::Column& c : tree::columns_of_create(*st.body)) {
        known[{created->key(), c.name}] = type_of(c);
      }
      continue;
    }
    if (*st.node != "AlterTableStmt") {
      continue;
    }
    const TableRef table = tree::relation_of(*st.body);
    for (const tree::AlterCmd& cmd : tree::alter_cmds(*st.body)) {
      const tree::json* column_def = tree::column_def_of(cmd);
      if (column_def == nullptr) {
        continue;
      }
      if (cmd.is("AT_AddColumn")) {
        const tree::Column c = tree::column_of(*column_def);
        known[{table.key(), c.name}] = type_of(c);
        continue;
      }
      if (cmd.subtype != "AT_AlterColumnType") {
        continue;
      }
      const std::string column = tree::str(*cmd.body, "name");
      const Type to = type_of(tree::column_of(*column_def));
      const bool using_expr = tree::get(*column_def, "raw_default") != nullptr;
      const auto old = known.find({table.key(), column});
      const bool old_known = old != known.end();
      std::string message;
      if (old_known) {
        if (!using_expr && binary_coercible(old->second, to)) {
          old->second = to;
          continue;  // a catalog change: no rewrite
        }
        message = "changing column \"" + column + "\" from " + display(old->second) + " to " +
                  display(to) + " rewrites table \"" + table.display() + "\"";
        old->second = to;
      } else {
        message = "changing the type of column \"" + column + "\" to " + display(to) +
                  " rewrites table \"" + table.display() + "\"";
        known[{table.key(), column}] = to;
      }
      Finding& f = out.report(st, message);
      f.table = table;
      f.lock = lock_on(*st.stmt, table);
      if (!f.lock.empty()) {
        f.lock += " while every row is rewritten and every index rebuilt";
      }
      f.help =
          "add a column of the new type, keep it in sync with a trigger, fill it in batches "
          "(-- pgshift:batch) and switch clients over (the change_type operation)";
      if (!old_known && !using_expr && may_be_widening(to)) {
        f.help +=
            "; if the old type is one this widens (varchar(n) to text or a longer "
            "varchar, numeric(p, s) to more precision), PostgreSQL changes only the "
            "catalog: say so with -- pgshift:lint-ignore changing-column-type";
      }
    }
  }
}

}  // namespace

extern const Rule changing_column_type{
    .id = "changing-column-type",
    .severity = Severity::error,
    .summary =
        "changing a column's type rewrites the table under ACCESS EXCLUSIVE, unless it only "
        "widens varchar, text or numeric",
    .check = check,
};

}  // namespace pgshift::lint::rules
