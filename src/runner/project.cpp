#include "runner/project.hpp"

#include <fmt/format.h>

#include "core/checksum.hpp"
#include "core/duration.hpp"
#include "sql/checksum.hpp"

namespace pgshift::runner {

ChecksumMode parse_mode(const std::string& name) {
  return name == "exact" ? ChecksumMode::exact : ChecksumMode::normalized;
}

const char* mode_name(ChecksumMode mode) {
  return mode == ChecksumMode::exact ? "exact" : "normalized";
}

std::string Prepared::checksum_up(ChecksumMode mode) const {
  return mode == ChecksumMode::exact ? up_exact : up_normalized;
}

std::string Prepared::checksum_down(ChecksumMode mode) const {
  return mode == ChecksumMode::exact ? down_exact : down_normalized;
}

namespace {

// Checksums of a section in both modes. A section the scanner cannot read (it will also
// fail to parse) falls back to its exact checksum, so it never matches a recorded normalized
// one by accident.
// Interrupted, the normalized one is left unscannable: the parse that follows stops the load.
void checksums(const core::Section* section, std::string& normalized, std::string& exact,
               const CancelToken* cancel) {
  if (!section) {
    return;
  }
  auto e = sql::section_checksum(*section, ChecksumMode::exact);
  exact = e ? *e : core::sha256_hex(section->text);
  auto n = sql::section_checksum(*section, ChecksumMode::normalized, cancel);
  normalized = n ? *n : "unscannable:" + exact;
}

}  // namespace

Result<std::vector<Prepared>> load_project(const Options& options, const CancelToken* cancel,
                                           std::string* layout) {
  PGSHIFT_ASSIGN_OR_RETURN(auto found, core::discover_layout(options.dir, options.layout));
  if (layout) {
    *layout = found.layout;
  }
  std::vector<Prepared> out;
  out.reserve(found.migrations.size());
  for (auto& src : found.migrations) {
    if (cancel != nullptr && cancel->requested()) {
      return Status::error(Code::interrupted, "interrupted while reading the migrations");
    }
    Prepared p;
    p.source = std::move(src);
    p.down_error = p.source.down_error;
    if (p.source.form == core::FileForm::operations) {
      p.kind = history::Kind::ops;
      p.up_exact = p.up_normalized = core::sha256_hex(p.source.toml_text);
      auto file = ops::read_ops_file(p.source);
      if (file) {
        p.ops = std::make_shared<const ops::OpsFile>(std::move(file).value());
      } else {
        p.up_error = file.status();
      }
      out.push_back(std::move(p));
      continue;
    }
    p.kind = history::Kind::sql;
    checksums(p.source.section(core::Direction::up), p.up_normalized, p.up_exact, cancel);
    checksums(p.source.section(core::Direction::down), p.down_normalized, p.down_exact, cancel);
    auto up = exec::make_plan(p.source, core::Direction::up, options, cancel);
    if (up) {
      p.up = std::move(up).value();
    } else if (up.status().code() == Code::interrupted) {
      return up.status();
    } else {
      p.up_error = up.status();
    }
    if (p.source.down) {
      auto down = exec::make_plan(p.source, core::Direction::down, options, cancel);
      if (down) {
        p.down = std::move(down).value();
      } else if (down.status().code() == Code::interrupted) {
        return down.status();
      } else {
        p.down_error = down.status();
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

PlanView plan_view(const exec::Plan& plan, int resume_from) {
  PlanView v;
  v.version = plan.version;
  v.name = plan.name;
  v.direction = plan.direction == core::Direction::up ? "up" : "down";
  v.transactional = plan.transactional;
  v.mode = plan.transactional ? "transaction" : plan.as_written ? "as_written" : "statements";
  v.mode_reason = plan.mode_reason;
  for (const auto& u : plan.units) {
    v.units.push_back(UnitView{static_cast<int>(u.first), static_cast<int>(u.count), u.transaction,
                               u.transaction ? u.begin_sql : "", u.begin_line, u.commit_line});
  }
  v.resume_from = resume_from;
  v.attempts = plan.ladder.retries + 1;
  v.steps.reserve(plan.steps.size());
  for (const auto& s : plan.steps) {
    StepView sv;
    sv.id = s.id;
    sv.sql = s.sql;
    sv.location = s.location();
    sv.action = s.effects.action;
    const sql::LockLevel level = s.effects.strongest();
    sv.lock = level == sql::LockLevel::none ? "" : s.lock_description();
    sv.blocks_reads = sql::blocks_reads(level);
    sv.blocks_writes = sql::blocks_writes(level);
    sv.rewrites = s.effects.rewrites;
    sv.scans = s.effects.scans;
    auto first = plan.lock_timeout_for(s, 0);
    auto last = plan.lock_timeout_for(s, plan.ladder.retries);
    sv.lock_timeout = !first            ? "none"
                      : *first == *last ? core::format_duration(*first)
                                        : fmt::format("{}..{}", core::format_duration(*first),
                                                      core::format_duration(*last));
    auto st = plan.statement_timeout_for(s);
    sv.statement_timeout = st ? core::format_duration(*st) : "none";
    if (s.batch) {
      // Each batch is short: the table is neither scanned nor rewritten under one lock.
      sv.scans = sv.rewrites = false;
      sv.statement_timeout = "per batch";
      sv.batch = "keyset batches over the primary key";
      if (s.batch->size) {
        sv.batch += fmt::format(", first batch {} rows", *s.batch->size);
      }
      if (s.batch->sleep) {
        sv.batch += ", sleep " + core::format_duration(*s.batch->sleep);
      }
      if (s.batch->sleep_fraction) {
        sv.batch += fmt::format(", sleep {:.0f}% of each batch", *s.batch->sleep_fraction * 100);
      }
    }
    v.steps.push_back(std::move(sv));
  }
  return v;
}

}  // namespace pgshift::runner
