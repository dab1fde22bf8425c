#include "runner/connection.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "core/config.hpp"
#include "db/connect.hpp"

namespace pgshift::runner {

std::string host_name() {
  char buf[256] = {0};
  if (gethostname(buf, sizeof buf - 1) != 0) {
    return "";
  }
  return buf;
}

std::unique_ptr<exec::Monitor> open_monitor(const Options& options, const EventSink& sink) {
  auto m = exec::Monitor::open(options, sink);
  if (!m) {
    if (sink) {
      sink(Event{"monitor_unavailable",
                 Level::warning,
                 "cannot open the monitoring connection (" + m.status().message() +
                     "): lock waits will not name their blockers",
                 {}});
    }
    return nullptr;
  }
  return std::move(m).value();
}

Status check_lock(const Connection& c, const std::string& version, const std::string& name,
                  bool ran) {
  return c.lock->check().context(
      fmt::format("{} migration {} \"{}\"", ran ? "after" : "before", version, name));
}

Result<Connection> open_connection(const Options& options, Access access, const EventSink& sink,
                                   CancelToken* cancel) {
  PGSHIFT_TRY(core::check_schema_name(options.history_schema, "history schema"));
  Connection c;
  // The lock is taken first, on its own connection, so a runner that waits holds no other
  // connection open meanwhile.
  if (access == Access::write) {
    auto lock = lock::RunnerLock::acquire(options, options.history_schema, sink, cancel);
    if (!lock) {
      return lock.status();
    }
    c.lock = std::move(lock).value();
  }
  auto session = db::open(options);
  if (!session) {
    return session.status();
  }
  c.session = std::move(session).value();
  // History rows name the application as the server knows it: the deploy's own name when the
  // URL gives one.
  c.store = std::make_unique<history::Store>(
      *c.session, options.history_schema,
      history::Actor{host_name(), c.session->application_name(), PGSHIFT_VERSION});
  if (access == Access::write) {
    PGSHIFT_ASSIGN_OR_RETURN(auto present, c.store->installed());
    if (present) {
      PGSHIFT_TRY(c.store->install_or_upgrade());
    }
  }
  return c;
}

}  // namespace pgshift::runner
