// Rendering backfills as text lines and JSON objects: shared by `backfill status` and `status`.
#pragma once

#include <vector>

#include "cli/command.hpp"
#include "pgshift/backfill.hpp"

namespace pgshift::cli {

void render_backfills(Runtime& rt, const std::vector<BackfillInfo>& backfills);

}  // namespace pgshift::cli
