#include "lint/linter.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/excerpt.hpp"
#include "lint/context.hpp"
#include "lint/registry.hpp"
#include "lint/rule.hpp"
#include "lint/run_catalog.hpp"

namespace pgshift::lint {
namespace {

// The longest message, help or note a finding keeps (bytes); rules write far shorter ones.
constexpr std::size_t k_max_text = 2000;

using nlohmann::json;

const json& empty_body() {
  static const json k_empty = json::object();
  return k_empty;
}

// "~48M", "~1.2k", "950".
std::string approx(double n) {
  const char* suffix = "";
  double v = n;
  if (n >= 1e9) {
    v = n / 1e9, suffix = "B";
  } else if (n >= 1e6) {
    v = n / 1e6, suffix = "M";
  } else if (n >= 1e3) {
    v = n / 1e3, suffix = "k";
  } else {
    return std::to_string(static_cast<long long>(std::llround(n)));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 10 ? "~%.1f%s" : "~%.0f%s", v, suffix);
  return buf;
}

// "5.1 GB", "48 MB", "812 bytes".
std::string size_text(double bytes) {
  const char* units[] = {"kB", "MB", "GB", "TB"};
  if (bytes < 1024) {
    return std::to_string(static_cast<long long>(bytes)) + " bytes";
  }
  double v = bytes / 1024;
  int u = 0;
  while (v >= 1024 && u < 3) {
    v /= 1024, ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

// The body of a statement's top node; an empty object without a tree.
const json& body_of(const sql::Statement& s) {
  if (s.tree && s.tree->is_object() && s.tree->contains(s.node)) {
    return s.tree->at(s.node);
  }
  return empty_body();
}

FileContext make_context(const File& file, const Config& config, const Facts& facts,
                         const RunCatalog& run, std::size_t file_number) {
  FileContext ctx;
  ctx.section = file.section;
  ctx.positions = std::make_shared<const core::PositionIndex>(file.section->text);
  ctx.config = &config;
  ctx.facts = &facts;
  ctx.run = &run;
  ctx.file_number = file_number;
  ctx.standalone = config.standalone;
  ctx.pg_version =
      config.pg_version.value_or(facts.server_version_num.value_or(k_default_pg_version));

  // How pgshift runs the file: the units exec::make_plan runs.
  ctx.layout = sql::transaction_units(file.statements, file.section->directives);
  ctx.transactional = ctx.layout.mode == sql::TxMode::transaction;
  const bool no_transaction = file.section->directives.file.no_transaction;
  bool explicit_tx = false;
  int next_unit = 0;  // --standalone: a number per transaction of the other runner
  int shared_unit = next_unit++;
  for (std::size_t i = 0; i < file.statements.size(); ++i) {
    const sql::Statement& s = file.statements[i];
    StatementInfo info;
    info.index = i;
    info.stmt = &s;
    info.node = &s.node;
    info.body = &body_of(s);
    const bool ends = s.tx == sql::TxControl::commit || s.tx == sql::TxControl::rollback;
    if (ends) {
      explicit_tx = false;
    }
    info.in_explicit_transaction = explicit_tx;
    if (config.standalone) {
      info.in_transaction = explicit_tx || !no_transaction;
      if (s.tx == sql::TxControl::begin) {
        shared_unit = next_unit++;
      }
      info.unit = info.in_transaction ? shared_unit : next_unit++;
      if (ends) {
        shared_unit = next_unit++;
      }
    } else {
      info.unit = ctx.layout.unit_of[i];
      info.in_transaction =
          explicit_tx ||
          (info.unit >= 0 && ctx.layout.units[static_cast<std::size_t>(info.unit)].transaction);
    }
    if (s.tx == sql::TxControl::begin) {
      explicit_tx = true;
    }
    ctx.statements.push_back(info);
  }
  return ctx;
}

// The facts and the run decide how much a hazard on an existing table matters (docs/design.md §9).
// Returns false when the finding is to be dropped.
bool weigh(Finding& f, const FileContext& ctx) {
  if (!f.table) {
    return true;
  }
  const TableRef& t = *f.table;
  const std::size_t index = f.statement.value_or(ctx.statements.size());
  // A table the target database already has is judged by its facts, whatever the files say
  // about creating it (IF NOT EXISTS, or files linted again after they ran).
  const TableFacts* facts = ctx.table_facts(t, index);
  if (facts == nullptr && ctx.created_in_file(t, index)) {
    return false;  // created empty a few statements up: no rows, no clients
  }
  const std::string quoted = "table \"" + t.display() + "\"";
  if (facts == nullptr && ctx.created_in_earlier_file(t, index)) {
    if (f.severity == Severity::error) {
      f.severity = Severity::warning;
      f.note = quoted + " is created earlier in this run";
      const TableRef first = ctx.origin(t, index)->first_name;
      if (first.key() != t.key()) {
        f.note += " (as \"" + first.display() + "\")";
      }
    }
    return true;
  }
  if (facts == nullptr && ctx.absent_from_target(t, index)) {
    if (f.severity == Severity::error) {
      f.severity = Severity::warning;
      f.note = quoted +
               " is not in the target database and no earlier statement of the run "
               "creates it";
    }
    return true;
  }
  if (facts == nullptr || facts->rows < 0) {
    return true;
  }
  if (facts->rows < static_cast<double>(ctx.config->small_table_rows)) {
    if (f.severity == Severity::error) {
      f.severity = Severity::warning;
      f.note = quoted + " has " + (facts->rows_at_most ? "at most " : "") + approx(facts->rows) +
               " rows, below small_table_rows (" + std::to_string(ctx.config->small_table_rows) +
               ")";
    }
    return true;
  }
  std::string size = quoted + " has " + approx(facts->rows) + " rows";
  if (facts->bytes >= 0) {
    size += " (" + size_text(static_cast<double>(facts->bytes)) + ")";
  }
  f.message = size + ": " + f.message;
  return true;
}

// The ignores of a file, and the statement each inline one stands above.
struct Ignores {
  std::vector<IgnoreUse> uses;
  std::vector<std::optional<std::size_t>> target;  // per use: statement index (inline only)
};

Ignores ignores_of(const FileContext& ctx) {
  Ignores out;
  const core::SectionDirectives& d = ctx.section->directives;
  auto add = [&](const core::InlineDirective& dir, bool file_level) {
    std::optional<std::size_t> target;
    if (!file_level) {
      // Statements are in file order: a binary search keeps a file with an ignore above each
      // of its many statements linear.
      const auto below =
          std::partition_point(ctx.statements.begin(), ctx.statements.end(),
                               [&](const StatementInfo& st) { return st.stmt->line <= dir.line; });
      if (below != ctx.statements.end()) {
        target = below->index;
      }
    }
    for (std::size_t k = 0; k < dir.rule_ids.size(); ++k) {
      const int column = k < dir.columns.size() ? dir.columns[k] : 1;
      out.uses.push_back({dir.rule_ids[k], dir.line, column, file_level, false});
      out.target.push_back(target);
    }
  };
  for (const core::InlineDirective& dir : d.file_ignores) {
    add(dir, true);
  }
  for (const core::InlineDirective& dir : d.inline_) {
    add(dir, false);
  }
  return out;
}

// Drops the suppressed findings, marking the ignores that suppressed them as used.
void suppress(std::vector<Finding>& findings, Ignores& ignores) {
  std::erase_if(findings, [&](const Finding& f) {
    bool suppressed = false;
    for (std::size_t k = 0; k < ignores.uses.size(); ++k) {
      IgnoreUse& use = ignores.uses[k];
      if (use.rule != f.rule) {
        continue;
      }
      if (use.file_level || (f.statement && ignores.target[k] == f.statement)) {
        use.used = true;
        suppressed = true;
      }
    }
    return suppressed;
  });
}

void run_rules(const FileContext& ctx, bool after_suppression, std::vector<Finding>& out) {
  for (const Rule* rule : all_rules()) {
    if (rule->after_suppression != after_suppression ||
        ctx.config->disabled.count(std::string(rule->id))) {
      continue;
    }
    std::vector<Finding> found;
    Sink sink(*rule, ctx, found);
    rule->check(ctx, sink);
    for (Finding& f : found) {
      if (weigh(f, ctx)) {
        out.push_back(std::move(f));
      }
    }
  }
}

}  // namespace

Result<File> parse_file(const core::Section& section, const CancelToken* cancel) {
  Result<std::vector<sql::Statement>> parsed = sql::parse_section(
      section, sql::ParseOptions{.keep_tree = true, .checksums = false, .cancel = cancel});
  if (!parsed) {
    return parsed.status();
  }
  return File{&section, std::move(parsed).value()};
}

void record(RunCatalog& catalog, const File& file, std::size_t file_number) {
  for (std::size_t i = 0; i < file.statements.size(); ++i) {
    const sql::Statement& s = file.statements[i];
    catalog.record(RunPos{file_number, i}, s.node, body_of(s));
  }
}

std::vector<Finding> lint_file(const File& file, std::size_t file_number, const RunCatalog& catalog,
                               const Config& config, const Facts& facts) {
  FileContext ctx = make_context(file, config, facts, catalog, file_number);
  std::vector<Finding> findings;
  run_rules(ctx, false, findings);
  Ignores ignores = ignores_of(ctx);
  suppress(findings, ignores);
  ctx.ignores = ignores.uses;
  std::vector<Finding> late;
  run_rules(ctx, true, late);
  suppress(late, ignores);
  findings.insert(findings.end(), std::make_move_iterator(late.begin()),
                  std::make_move_iterator(late.end()));
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.line, a.column, a.rule) < std::tie(b.line, b.column, b.rule);
  });
  // Rules quote names and literals from the SQL, which may hold line breaks (a quoted name, an
  // enum label): every finding's texts are one line, whatever the rule wrote.
  for (Finding& f : findings) {
    f.message = core::excerpt(f.message, k_max_text);
    f.help = core::excerpt(f.help, k_max_text);
    f.note = core::excerpt(f.note, k_max_text);
  }
  return findings;
}

std::vector<Finding> lint(const std::vector<File>& run, const Config& config, const Facts& facts) {
  RunCatalog catalog;
  for (std::size_t n = 0; n < run.size(); ++n) {
    record(catalog, run[n], n);
  }
  std::vector<Finding> all;
  for (std::size_t n = 0; n < run.size(); ++n) {
    std::vector<Finding> findings = lint_file(run[n], n, catalog, config, facts);
    all.insert(all.end(), std::make_move_iterator(findings.begin()),
               std::make_move_iterator(findings.end()));
  }
  return all;
}

int count(const std::vector<Finding>& findings, Severity severity) {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [&](const Finding& f) { return f.severity == severity; }));
}

}  // namespace pgshift::lint
