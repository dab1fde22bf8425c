// Facts about the target database that sharpen lint findings (docs/design.md §9): the server
// version and each table's size. Plain data: the runner fills it from the catalogs when a database
// URL is given (pg_class.reltuples, pg_total_relation_size); src/lint never connects.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "lint/finding.hpp"

namespace pgshift::lint {

struct TableFacts {
  double rows = -1;         // pg_class.reltuples; negative when unknown (never analyzed)
  std::int64_t bytes = -1;  // pg_total_relation_size; negative when unknown
  // `rows` is only an upper bound, from the size of a table never analyzed (so many pages
  // cannot hold more rows); messages then say "at most".
  bool rows_at_most = false;
};

struct Facts {
  // server_version_num of the target (150004); nullopt when no database was asked.
  std::optional<int> server_version_num;
  // By TableRef::key(): "public.users". Only tables that exist in the target: a table with
  // facts is not new, even when a file of the run creates it (IF NOT EXISTS, or a file linted
  // again after it was applied), so its facts count, not its creation.
  std::map<std::string, TableFacts> tables;
  // The indexes the statements name (DROP INDEX names only the index), by TableRef::key() of
  // the index as written: the table each belongs to in the target, whose facts are in
  // `tables` under that TableRef's key.
  std::map<std::string, TableRef> indexes;
  // The names the statements use that the target has no relation of, by TableRef::key() as
  // written: tables the run creates, or that nothing creates.
  std::set<std::string> absent;

  // The facts of `table`, or nullptr when none are known.
  const TableFacts* find(const TableRef& table) const;
  // The target's table of the index named `index`, or nullopt when the target has no such
  // index (or no database was asked).
  std::optional<TableRef> index_table(const TableRef& index) const;
};

}  // namespace pgshift::lint
