#include "runner/backfill_info.hpp"

namespace pgshift::runner {

BackfillInfo info_of(const history::BackfillRow& r) {
  BackfillInfo b;
  b.name = r.name;
  b.table = r.schema + "." + r.table;
  b.action = r.action;
  b.set = r.set_sql;
  b.where = r.where_sql;
  b.state = r.state == "running" && !r.alive ? "interrupted" : r.state;
  b.rows_done = r.rows_done;
  b.rows_scanned = r.rows_scanned;
  b.rows_estimate = r.rows_estimate;
  b.batches = r.batches;
  for (std::size_t i = 0; i < r.cursor.size(); ++i) {
    b.cursor += (i ? "," : "") + r.cursor[i];
  }
  if (r.cursor.size() > 1) {
    b.cursor = "(" + b.cursor + ")";
  }
  b.started_at = r.started_at;
  b.updated_at = r.updated_at;
  b.finished_at = r.finished_at;
  b.pid = r.alive ? r.pid : 0;
  b.host = r.host;
  b.error = r.error;
  return b;
}

Result<std::vector<BackfillInfo>> list_backfills(db::Session& session, const std::string& schema,
                                                 bool all) {
  history::Backfills rows(session, schema);
  std::vector<BackfillInfo> out;
  PGSHIFT_ASSIGN_OR_RETURN(
      auto present, session.query("SELECT to_regclass($1) IS NOT NULL AS present", {rows.table()}));
  if (present.text(0, "present") != "t") {
    return out;  // no history yet, or a layout from before backfills
  }
  auto list = rows.list(!all);
  if (!list) {
    return list.status();
  }
  for (const auto& r : *list) {
    out.push_back(info_of(r));
  }
  return out;
}

}  // namespace pgshift::runner
