#include "runner/lint_gate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "core/number.hpp"
#include "lint/registry.hpp"
#include "lint/report.hpp"
#include "lint/tree.hpp"
#include "runner/snapshot.hpp"

namespace pgshift::runner {

namespace {

Status unknown_rule(const LintOptions& options, const std::string& id) {
  auto where = options.rule_origins.find(id);
  const std::string prefix = where == options.rule_origins.end() ? "[lint]" : where->second;
  return Status::error(
      Code::invalid_input,
      fmt::format("{}: unknown lint rule \"{}\" (the rules: docs/lint/README.md)", prefix, id));
}

// One row per named relation (none found: `found` false), plus the server's version even when
// no relation is named. Names are resolved by to_regclass, so an unqualified name finds the
// table search_path finds. A named index (DROP INDEX names only the index) gives the facts of
// its table, with the index's name in s, n and its table's in ts, tn; other relations (views,
// sequences) have no facts.
constexpr const char* k_facts_sql = R"(
SELECT current_setting('server_version_num')::int AS version,
       current_setting('block_size')::int AS block_size,
       t.s, t.n, t.found, t.is_index, t.ts, t.tn, t.relkind, t.reltuples, t.relpages, t.total,
       t.heap
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (
    SELECT k.s, k.n, r.oid IS NOT NULL AS found, i.indexrelid IS NOT NULL AS is_index,
           ns.nspname AS ts, c.relname AS tn, c.relkind::text AS relkind,
           c.reltuples::float8 AS reltuples, c.relpages::bigint AS relpages,
           pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap
      FROM json_to_recordset($1::json) AS k(s text, n text)
      LEFT JOIN pg_class r
        ON r.oid = to_regclass(CASE WHEN k.s = '' THEN quote_ident(k.n)
                                    ELSE quote_ident(k.s) || '.' || quote_ident(k.n) END)
      LEFT JOIN pg_index i ON i.indexrelid = r.oid
      LEFT JOIN pg_class c
        ON c.oid = coalesce(i.indrelid, r.oid) AND c.relkind IN ('r', 'p', 'm')
      LEFT JOIN pg_namespace ns ON ns.oid = c.relnamespace) AS t ON true)";

// Every RangeVar under `tree`: libpg_query writes a typed field (AlterTableStmt.relation)
// without the {"RangeVar": ...} wrapper, so look for the relname key itself.
void add_range_vars(const nlohmann::json& tree,
                    std::set<std::pair<std::string, std::string>>& out) {
  std::vector<const nlohmann::json*> stack{&tree};  // not recursion: trees nest deep
  while (!stack.empty()) {
    const nlohmann::json& node = *stack.back();
    stack.pop_back();
    if (node.is_object()) {
      if (auto it = node.find("relname"); it != node.end() && it->is_string()) {
        const lint::TableRef t = lint::tree::table_of(node);
        out.emplace(t.schema, t.name);
      }
    }
    if (node.is_structured()) {
      for (const nlohmann::json& child : node) {
        stack.push_back(&child);
      }
    }
  }
}

double number(const db::Rows& rows, std::size_t r, const char* column) {
  const std::optional<std::string>& v = rows.at(r, column);
  return v ? core::parse_number<double>(*v).value_or(-1) : -1;
}

}  // namespace

Result<lint::Config> lint_config(const LintOptions& options) {
  lint::Config c;
  for (const std::string& id : options.disabled) {
    if (lint::find_rule(id) == nullptr) {
      return unknown_rule(options, id);
    }
    c.disabled.insert(id);
  }
  for (const auto& [id, level] : options.severity) {
    if (lint::find_rule(id) == nullptr) {
      return unknown_rule(options, id);
    }
    if (level == "off") {
      c.disabled.insert(id);
    } else {
      c.severity[id] = level == "warning" ? lint::Severity::warning : lint::Severity::error;
    }
  }
  c.pg_version = options.pg_version;
  c.small_table_rows = options.small_table_rows;
  c.standalone = options.standalone;
  return c;
}

// The names a file's statements touch, for the facts query.
void add_names(const lint::File& f, Names& named) {
  for (const sql::Statement& st : f.statements) {
    for (const sql::RelationLock& l : st.effects.locks) {
      named.emplace(l.schema, l.name);
    }
    if (st.tree) {
      add_range_vars(*st.tree, named);
    }
  }
}

Result<lint::Facts> query_facts(db::Session& session, const Names& named,
                                std::int64_t small_table_rows) {
  nlohmann::json tables = nlohmann::json::array();
  for (const auto& [schema, name] : named) {
    tables.push_back({{"s", schema}, {"n", name}});
  }
  Result<db::Rows> rows = session.query(k_facts_sql, {tables.dump()});
  if (!rows) {
    return rows.status().context("reading table sizes for lint");
  }
  lint::Facts facts;
  for (std::size_t r = 0; r < rows->size(); ++r) {
    facts.server_version_num = static_cast<int>(rows->integer(r, "version"));
    if (!rows->at(r, "n")) {
      continue;  // no table named: the version only
    }
    const lint::TableRef named{rows->text(r, "s"), rows->text(r, "n")};
    if (rows->text(r, "found") != "t") {
      facts.absent.insert(named.key());
      continue;
    }
    if (!rows->at(r, "tn")) {
      continue;  // a view, a sequence ...: no facts
    }
    const double block = std::max(1.0, number(*rows, r, "block_size"));
    const double pages_now = std::floor(number(*rows, r, "heap") / block);
    const double reltuples = number(*rows, r, "reltuples");
    const double relpages = number(*rows, r, "relpages");
    // MaxHeapTuplesPerPage: a page header of 24 bytes, then at least a 24-byte tuple header and
    // a 4-byte line pointer per row.
    const double max_per_page = std::floor((block - 24) / 28);
    lint::TableFacts t;
    t.bytes = static_cast<std::int64_t>(number(*rows, r, "total"));
    if (rows->text(r, "relkind") == "p") {
      t.rows = -1;
    } else if (pages_now == 0) {
      t.rows = 0;  // no pages, no rows, whatever the statistics last said
    } else if (reltuples >= 0 && relpages > 0) {
      t.rows = reltuples / relpages * pages_now;
    } else if (pages_now * max_per_page < static_cast<double>(small_table_rows)) {
      t.rows = pages_now * max_per_page;
      t.rows_at_most = true;
    }
    if (rows->text(r, "is_index") == "t") {
      // public's tables are named as unqualified names are read (TableRef::key)
      const std::string schema = rows->text(r, "ts");
      const lint::TableRef table{schema == "public" ? "" : schema, rows->text(r, "tn")};
      facts.indexes[named.key()] = table;
      facts.tables[table.key()] = t;
    } else {
      facts.tables[named.key()] = t;
    }
  }
  return facts;
}

Result<RunLint> lint_run(const std::vector<const core::Section*>& sections, lint::Config config,
                         const FactsReader& read_facts, std::optional<int> pg_version,
                         const CancelToken* cancel) {
  // First pass: what each statement does to names, and the names for the facts query.
  lint::RunCatalog catalog;
  Names named;
  for (std::size_t n = 0; n < sections.size(); ++n) {
    Result<lint::File> f = lint::parse_file(*sections[n], cancel);
    if (!f) {
      return f.status();
    }
    lint::record(catalog, *f, n);
    add_names(*f, named);
  }
  RunLint out;
  lint::Facts facts;
  Result<std::optional<lint::Facts>> read = read_facts(named);
  if (!read) {
    return read.status();
  }
  if (*read) {
    facts = std::move(**read);
    out.facts = true;
    if (facts.server_version_num) {
      config.pg_version.reset();  // the target's own version is a fact
    }
  }
  if (pg_version) {
    config.pg_version = pg_version;
  }
  out.pg_version =
      config.pg_version.value_or(facts.server_version_num.value_or(lint::k_default_pg_version));
  // Second pass: each file parsed again and linted, its trees dropped before the next.
  for (std::size_t n = 0; n < sections.size(); ++n) {
    Result<lint::File> f = lint::parse_file(*sections[n], cancel);
    if (!f) {
      return f.status();
    }
    std::vector<lint::Finding> found = lint::lint_file(*f, n, catalog, config, facts);
    out.findings.insert(out.findings.end(), std::make_move_iterator(found.begin()),
                        std::make_move_iterator(found.end()));
  }
  return out;
}

Result<std::vector<lint::Finding>> lint_pending(const Options& options, db::Session* session,
                                                const std::vector<const Prepared*>& files,
                                                std::optional<int> pg_version,
                                                const CancelToken* cancel) {
  Result<lint::Config> config = lint_config(options.lint);
  if (!config) {
    return config.status();
  }
  config->standalone = false;  // `up` runs them, with its guarantees
  std::vector<const core::Section*> sections;
  for (const Prepared* p : files) {
    if (p->kind == history::Kind::sql && p->source.up) {
      sections.push_back(&*p->source.up);
    }
  }
  const std::int64_t small = config->small_table_rows;
  auto read_facts = [&](const Names& names) -> Result<std::optional<lint::Facts>> {
    if (session == nullptr) {
      return std::optional<lint::Facts>{};
    }
    Result<lint::Facts> facts = query_facts(*session, names, small);
    if (!facts) {
      return facts.status();
    }
    return std::optional<lint::Facts>{std::move(facts).value()};
  };
  Result<RunLint> run = lint_run(sections, *config, read_facts, pg_version, cancel);
  if (!run) {
    return run.status();
  }
  return std::move(run->findings);
}

Result<LintOverrides> gate_pending(const Options& options, db::Session* session,
                                   const std::vector<const Prepared*>& files, bool allow_unsafe,
                                   bool dry_run, const EventSink& sink, const CancelToken* cancel) {
  PGSHIFT_ASSIGN_OR_RETURN(auto findings,
                           lint_pending(options, session, files, std::nullopt, cancel));
  emit_findings(sink, findings);
  const int errors = lint::count(findings, lint::Severity::error);
  LintOverrides overridden;
  if (errors == 0 || dry_run) {
    return overridden;
  }
  const char* s = errors == 1 ? "" : "s";
  if (!allow_unsafe) {
    return Status::error(
        Code::lint_refused,
        fmt::format("lint refused the run: {} error-level finding{} in the pending migrations, "
                    "nothing was run (make them safe, suppress one with -- pgshift:lint-ignore "
                    "RULE, or run with --allow-unsafe)",
                    errors, s));
  }
  for (const lint::Finding& f : findings) {
    if (f.severity == lint::Severity::error) {
      overridden[f.path].insert(f.rule);
    }
  }
  emit(sink, Event{"allow_unsafe",
                   Level::warning,
                   fmt::format("running despite {} error-level lint finding{} (--allow-unsafe); "
                               "recorded in the audit events",
                               errors, s),
                   {}}
                 .with("findings", static_cast<std::int64_t>(errors)));
  return overridden;
}

void emit_findings(const EventSink& sink, const std::vector<lint::Finding>& findings) {
  for (const lint::Finding& f : findings) {
    std::string text = lint::render_text(f);
    if (!text.empty() && text.back() == '\n') {
      text.pop_back();
    }
    emit(sink, Event{"lint_finding",
                     f.severity == lint::Severity::error ? Level::error : Level::warning,
                     text,
                     {}}
                   .with("rule", f.rule)
                   .with("severity", std::string(to_string(f.severity)))
                   .with("path", f.path)
                   .with("line", static_cast<std::int64_t>(f.line))
                   .with("column", static_cast<std::int64_t>(f.column))
                   .with("lock", f.lock)
                   .with("help", f.help)
                   .with("note", f.note));
  }
}

LintFinding to_public(const lint::Finding& f) {
  return LintFinding{f.rule,    f.severity, f.path, f.line, f.column,
                     f.message, f.lock,     f.help, f.note};
}

std::vector<LintFinding> to_public(const std::vector<lint::Finding>& findings) {
  std::vector<LintFinding> out;
  out.reserve(findings.size());
  for (const lint::Finding& f : findings) {
    out.push_back(to_public(f));
  }
  return out;
}

lint::Finding from_public(const LintFinding& f) {
  lint::Finding out;
  out.rule = f.rule;
  out.severity = f.severity;
  out.path = f.path;
  out.line = f.line;
  out.column = f.column;
  out.message = f.message;
  out.lock = f.lock;
  out.help = f.help;
  out.note = f.note;
  return out;
}

}  // namespace pgshift::runner
