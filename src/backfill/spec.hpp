// What a batched backfill does and to which table (docs/design.md §8): the one primitive behind the
// `-- pgshift:batch` directive, the `pgshift backfill` commands and the expand-contract
// operations.
#pragma once

#include <string>
#include <vector>

#include "pgshift/options.hpp"

namespace pgshift::backfill {

struct Spec {
  // Stable name, the key of its row in <history>.backfills: "sql:<version>:<ordinal>" for a
  // batched statement of a migration, chosen by the user (or derived) on the command line.
  std::string name;
  std::string schema;  // as written; empty: found through search_path
  std::string table;
  // How the statement names the table inside SET/WHERE ("UPDATE users u SET ..."); empty:
  // the table's own name.
  std::string alias;
  std::string set_sql;    // "col = expr, ..." for an UPDATE; empty for a DELETE
  std::string where_sql;  // the row filter; empty: every row
  bool remove = false;    // DELETE the matching rows instead of updating them
  BackfillOptions options;

  std::string action() const { return remove ? "delete" : "update"; }
};

// One column of the table's primary key, as the catalog describes it.
struct KeyColumn {
  std::string name;     // the column name (unquoted)
  std::string type;     // format_type(): "bigint", "uuid", "character varying(20)"
  std::string collate;  // quoted collation name when not the default one, else empty
};

// The resolved table: what the batch statements are built from.
struct Table {
  std::string schema;  // resolved (never empty)
  std::string name;
  std::string oid;  // regclass oid as text (throttle probes)
  std::vector<KeyColumn> key;
  double estimated_rows = 0;  // pg_class.reltuples (-1: never vacuumed or analyzed)
};

}  // namespace pgshift::backfill
