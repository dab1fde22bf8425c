// What the statements of a run do to the names of tables and indexes, statement by statement,
// so that a hazard is judged on the table a name stands for at that point of the run: a table
// created earlier in the run keeps that standing when it is renamed or moved to another schema,
// a table the target had before the run keeps its facts under a new name, and an index created
// in the run is known with its table (DROP INDEX names only the index). The engine records every
// statement of the run before the rules run; rules read it through FileContext.
#pragma once

#include <compare>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/finding.hpp"
#include "lint/tree.hpp"

namespace pgshift::lint {

// A statement of the run: its file (in run order) and its index in that file.
struct RunPos {
  std::size_t file = 0;
  std::size_t statement = 0;
  auto operator<=>(const RunPos&) const = default;
};

// What a table name stands for at a point of the run, when the run created or renamed it.
struct TableOrigin {
  // The statement of the run that created the table; nullopt for a table the target had before
  // the run, renamed or moved since.
  std::optional<RunPos> created;
  // The name the run first knew the table by: the name it was created under, or the target's
  // name for it before the run (where its facts are).
  TableRef first_name;
};

// What an index name stands for at a point of the run, when the run created, renamed or
// dropped an index of that name.
struct IndexOrigin {
  // Its table, by the table's name at that point; nullopt when the run dropped (or renamed
  // away) the index of that name and has not created one again: no such index exists then.
  std::optional<TableRef> table;
};

class RunCatalog {
 public:
  // Records what the statement at `pos` does to names: `node` is its top node's type, `body`
  // that node's body. Statements are recorded in run order. Understood: CREATE TABLE (also AS,
  // SELECT INTO, PARTITION OF), CREATE INDEX, the unique indexes of PRIMARY KEY, UNIQUE and
  // EXCLUDE constraints (ADD CONSTRAINT ... USING INDEX renames the index), ALTER TABLE/INDEX
  // ... RENAME, RENAME CONSTRAINT, SET SCHEMA, DROP CONSTRAINT, DROP TABLE, DROP INDEX, the
  // tables and indexes of CREATE SCHEMA ... CREATE TABLE; and SET search_path, RESET
  // search_path and SELECT set_config('search_path', ...).
  void record(RunPos pos, std::string_view node, const tree::json& body);

  // What `table` stands for while the statement at `pos` runs, when an earlier statement of the
  // run created, renamed or moved a table to that name; nullopt when none did (then the name
  // means the target's table of that name, if it has one).
  std::optional<TableOrigin> table(const TableRef& table, RunPos pos) const;
  // What the index name `index` stands for while the statement at `pos` runs, when an earlier
  // statement of the run created, renamed or dropped an index of that name; nullopt when none
  // did (then it is the target's index of that name, if it has one).
  std::optional<IndexOrigin> index(const TableRef& index, RunPos pos) const;
  // Has a statement before `pos` changed search_path? Then an unqualified name may stand for
  // another schema's table than the one the target's facts were read for.
  bool search_path_changed(RunPos pos) const {
    return m_search_path_changed && *m_search_path_changed < pos;
  }

 private:
  // A name standing for `value` from just after the statement `from` until the statement
  // `until` has run (nullopt: to the end of the run).
  template <class T>
  struct Binding {
    std::string key;  // TableRef::key() of the name
    RunPos from;
    std::optional<RunPos> until;
    T value;
  };
  struct TableEntry {
    TableRef name;  // as the run last wrote it
    TableOrigin origin;
  };
  struct IndexEntry {
    TableRef name;                  // in its table's schema
    std::optional<TableRef> table;  // by the table's current name; nullopt: dropped
  };

  void create_table(RunPos pos, const TableRef& table, const tree::json& body);
  void create_index(RunPos pos, const tree::json& body);
  void alter_table(RunPos pos, const tree::json& body);
  void rename(RunPos pos, const tree::json& body);
  void drop(RunPos pos, const tree::json& body);
  void create_schema(RunPos pos, const tree::json& body);
  void note_search_path(RunPos pos, std::string_view node, const tree::json& body);
  // The index behind a PRIMARY KEY, UNIQUE or EXCLUDE constraint on `table` (`column`: the
  // column it is written on, or "" for a table constraint); nothing for other constraints.
  void constraint_index(RunPos pos, const TableRef& table, const tree::json& constraint,
                        const std::string& column);

  // Moves `from` to `to` (RENAME TO, SET SCHEMA), with its indexes.
  void move_table(RunPos pos, const TableRef& from, const TableRef& to);
  void bind_table(RunPos pos, const TableRef& name, TableOrigin origin);
  void bind_index(RunPos pos, const TableRef& name, const std::optional<TableRef>& table);
  void unbind_table(RunPos pos, const std::string& key);
  // From `pos` on, no index has this name (DROP INDEX, or the name an index was renamed from).
  void drop_index(RunPos pos, const TableRef& name);
  // Renames the index `from` (a TableRef::key()) when the run knows it.
  void rename_index(RunPos pos, const std::string& from, const std::string& new_name);
  // The names of the indexes the run knows on `table` (TableRef::key()).
  std::vector<std::string> indexes_of(const std::string& table) const;
  const TableEntry* open_table(const std::string& key) const;
  // The index of that name the run knows to exist at this point, or nullptr.
  const IndexEntry* live_index(const std::string& key) const;
  // Does a relation the run created have this name in `schema` (for index names)?
  bool taken(const std::string& schema, const std::string& name) const;

  std::vector<Binding<TableEntry>> m_tables;
  std::vector<Binding<IndexEntry>> m_indexes;
  std::map<std::string, std::size_t> m_open_tables;   // key -> index in m_tables
  std::map<std::string, std::size_t> m_open_indexes;  // key -> index in m_indexes
  std::optional<RunPos> m_search_path_changed;        // the first statement that did
};

}  // namespace pgshift::lint
