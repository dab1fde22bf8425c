#include "cli/render_backfill.hpp"

#include <fmt/format.h>

namespace pgshift::cli {

namespace {

const char* colour_of(const std::string& state) {
  if (state == "done" || state == "running") {
    return "green";
  }
  if (state == "paused" || state == "interrupted") {
    return "yellow";
  }
  return "red";
}

}  // namespace

void render_backfills(Runtime& rt, const std::vector<BackfillInfo>& backfills) {
  if (!backfills.empty()) {
    rt.out.text(fmt::format("{:<28} {:<24} {:<11} {:>12} {:>12} {}", "BACKFILL", "TABLE", "STATE",
                            "VISITED", "CHANGED", "CURSOR"));
  }
  for (const auto& b : backfills) {
    std::string visited = std::to_string(b.rows_scanned);
    if (b.rows_estimate > 0 && b.state != "done") {
      visited +=
          fmt::format(" ({:.0f}%)", std::min(100.0, 100.0 * static_cast<double>(b.rows_scanned) /
                                                        static_cast<double>(b.rows_estimate)));
    }
    rt.out.text(fmt::format("{:<28} {:<24} {} {:>12} {:>12} {}", b.name, b.table,
                            rt.out.paint(fmt::format("{:<11}", b.state), colour_of(b.state)),
                            visited, b.rows_done, b.cursor));
    if (!b.error.empty()) {
      rt.out.text("    " + b.error);
    }
    rt.out.json({{"event", "backfill"},
                 {"name", b.name},
                 {"table", b.table},
                 {"action", b.action},
                 {"set", b.set},
                 {"where", b.where},
                 {"state", b.state},
                 {"rows_done", b.rows_done},
                 {"rows_scanned", b.rows_scanned},
                 {"rows_estimate", b.rows_estimate},
                 {"batches", b.batches},
                 {"cursor", b.cursor},
                 {"started_at", b.started_at},
                 {"updated_at", b.updated_at},
                 {"finished_at", b.finished_at},
                 {"pid", b.pid},
                 {"host", b.host},
                 {"error", b.error}});
  }
}

}  // namespace pgshift::cli
