// The schema model of an operations migration, read from the catalog: the tables of one schema
// with their columns, constraints and indexes. pgshift's own temporary objects ("_pgshift_*")
// are left out, so the model shows the shape the old application version sees.
#pragma once

#include <string>

#include "db/session.hpp"
#include "ops/model.hpp"

namespace pgshift::runner {

// Reads `schema` (ordinary and partitioned tables, not partitions). Read-only; errors: failed.
Result<ops::Model> load_model(db::Session& session, const std::string& schema);

}  // namespace pgshift::runner
