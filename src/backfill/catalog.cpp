#include "backfill/catalog.hpp"

#include "core/quote.hpp"

namespace pgshift::backfill {

namespace {

std::string written_name(const Spec& spec) {
  return spec.schema.empty() ? spec.table : spec.schema + "." + spec.table;
}

}  // namespace

Result<Table> resolve_table(db::Session& session, const Spec& spec) {
  std::string regclass = (spec.schema.empty() ? "" : core::quote_ident(spec.schema) + ".") +
                         core::quote_ident(spec.table);
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      session.query("SELECT c.oid::text AS oid, n.nspname, c.relname, c.relkind::text AS relkind, "
                    "c.reltuples::bigint AS reltuples FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)",
                    {regclass}));
  if (r.empty()) {
    return Status::error(Code::invalid_input,
                         "table \"" + written_name(spec) + "\" does not exist");
  }
  const std::string kind = r.text(0, "relkind");
  if (kind != "r" && kind != "p") {
    return Status::error(Code::invalid_input, "\"" + written_name(spec) +
                                                  "\" is not a table: only tables can be "
                                                  "backfilled in batches");
  }
  Table t;
  t.oid = r.text(0, "oid");
  t.schema = r.text(0, "nspname");
  t.name = r.text(0, "relname");
  t.estimated_rows = static_cast<double>(r.integer(0, "reltuples"));

  auto k = session.query(
      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, "
      "CASE WHEN a.attcollation NOT IN (0, ty.typcollation) "
      "THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) ELSE '' END AS collate "
      "FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
      "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
      "JOIN pg_type ty ON ty.oid = a.atttypid "
      "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
      "LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace "
      "WHERE i.indrelid = $1::oid AND i.indisprimary ORDER BY k.ord",
      {t.oid});
  if (!k) {
    return k.status();
  }
  if (k->empty()) {
    return Status::error(
        Code::invalid_input,
        "table \"" + written_name(spec) +
            "\" has no primary key: batches walk the primary key in order, so that each row is "
            "visited once and a resumed run knows where it stopped; add one first (CREATE UNIQUE "
            "INDEX CONCURRENTLY, then ALTER TABLE ... ADD PRIMARY KEY USING INDEX) or run the "
            "statement without -- pgshift:batch");
  }
  for (std::size_t i = 0; i < k->size(); ++i) {
    t.key.push_back({k->text(i, "attname"), k->text(i, "type"), k->text(i, "collate")});
  }
  return t;
}

Status check_statement(db::Session& session, const Spec& spec, const std::string& sql) {
  Status st = session.exec("PREPARE pgshift_backfill_check AS " + sql);
  if (!st) {
    return Status::error(Code::invalid_input, "backfill \"" + spec.name + "\" on table \"" +
                                                  written_name(spec) +
                                                  "\" is not valid SQL: " + st.message());
  }
  return session.exec("DEALLOCATE pgshift_backfill_check");
}

}  // namespace pgshift::backfill
