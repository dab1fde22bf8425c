#include "runner/batch.hpp"

#include <fmt/format.h>

#include "runner/connection.hpp"

namespace pgshift::runner {

backfill::Spec batch_spec(const Options& options, const exec::Step& step) {
  backfill::Spec spec;
  const auto& b = *step.batch;
  spec.name = step.id;
  spec.schema = b.target.schema;
  spec.table = b.target.table;
  spec.alias = b.target.alias;
  spec.set_sql = b.target.set_sql;
  spec.where_sql = b.target.where_sql;
  spec.remove = b.target.remove;
  spec.options = options.backfill;
  if (b.size) {
    spec.options.batch_size = *b.size;
    spec.options.min_batch_size = std::min(spec.options.min_batch_size, *b.size);
    spec.options.max_batch_size = std::max(spec.options.max_batch_size, *b.size);
  }
  if (b.sleep || b.sleep_fraction) {
    spec.options.sleep = b.sleep.value_or(Millis{0});
    spec.options.sleep_fraction = b.sleep_fraction.value_or(0.0);
  }
  return spec;
}

Status outcome_status(const backfill::Report& report, const std::string& name) {
  switch (report.outcome) {
    case backfill::Outcome::done:
      return Status::ok();
    case backfill::Outcome::interrupted:
      return Status::error(Code::interrupted,
                           fmt::format("backfill \"{}\" interrupted after a committed batch; run "
                                       "the same command again to resume",
                                       name));
    case backfill::Outcome::paused:
      return Status::error(Code::interrupted,
                           fmt::format("backfill \"{}\" paused on request; run the same command "
                                       "again to resume",
                                       name));
    case backfill::Outcome::cancelled:
      return Status::error(Code::failed, fmt::format("backfill \"{}\" was cancelled", name));
  }
  return Status::ok();
}

std::function<Status(const exec::Plan&, const exec::Step&)> batch_runner(const Options& options,
                                                                         db::Session& session,
                                                                         const EventSink& sink,
                                                                         CancelToken* cancel,
                                                                         exec::Monitor* monitor) {
  return
      [&options, &session, &sink, cancel, monitor](const exec::Plan& plan, const exec::Step& step) {
        // The file's ladder: its lock-timeout and retries directives apply to the batches too.
        backfill::Context ctx{
            session, options.history_schema, sink, cancel, monitor, plan.ladder, host_name()};
        backfill::Spec spec = batch_spec(options, step);
        auto report = backfill::run(ctx, spec, false);
        if (!report) {
          return report.status().context(step.location());
        }
        return outcome_status(*report, spec.name);
      };
}

exec::Context exec_context(const Options& options, db::Session& session, history::Store& store,
                           const EventSink& sink, CancelToken* cancel, exec::Monitor* monitor) {
  return exec::Context{.session = session,
                       .store = store,
                       .sink = sink,
                       .cancel = cancel,
                       .monitor = monitor,
                       .preflight = {},
                       .run_batch = batch_runner(options, session, sink, cancel, monitor)};
}

}  // namespace pgshift::runner
