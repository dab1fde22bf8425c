#include "lock/runner_lock.hpp"

#include <fmt/format.h>

#include <chrono>
#include <random>
#include <thread>

#include "core/duration.hpp"
#include "core/sleep.hpp"
#include "db/connect.hpp"
#include "lock/key.hpp"

namespace pgshift::lock {

namespace {

constexpr Millis k_poll_base{50};
constexpr Millis k_poll_cap{1000};
constexpr std::chrono::seconds k_report_every{5};

}  // namespace

Result<std::optional<db::Backend>> find_holder(db::Session& session, std::int64_t key) {
  auto halves = key_halves(key);
  PGSHIFT_ASSIGN_OR_RETURN(auto r, db::advisory_holders(session, halves.classid, halves.objid));
  if (r.empty()) {
    return std::optional<db::Backend>();
  }
  return std::optional<db::Backend>(r.front());
}

RunnerLock::RunnerLock(std::unique_ptr<db::Session> session, std::int64_t key)
    : m_session(std::move(session)), m_key(key) {}

RunnerLock::~RunnerLock() {
  if (m_session) {
    (void)m_session->query("SELECT pg_advisory_unlock($1::bigint)", {std::to_string(m_key)});
  }
}

Status RunnerLock::check() {
  auto r = m_session->query("SELECT 1 AS alive");
  if (!r) {
    std::string why = r.status().message();
    constexpr std::string_view k_lost = "connection lost: ";
    if (why.rfind(k_lost, 0) == 0) {
      why.erase(0, k_lost.size());
    }
    return Status::error(Code::failed,
                         "the runner lock was lost with its connection (" + why +
                             "): another pgshift run may have started since, so nothing more "
                             "runs; check \"pgshift status\" before running again");
  }
  return Status::ok();
}

Result<std::unique_ptr<RunnerLock>> RunnerLock::acquire(const Options& options,
                                                        const std::string& schema,
                                                        const EventSink& sink,
                                                        const CancelToken* cancel) {
  PGSHIFT_ASSIGN_OR_RETURN(auto session, db::open(options));
  auto& s = *session;
  const std::int64_t key = lock_key(s.database(), schema);
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + options.lock_wait;
  auto last_report = start - k_report_every;
  std::mt19937_64 rng(std::random_device{}());
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  std::optional<db::Backend> last_holder;

  for (int attempt = 0;; ++attempt) {
    auto r = s.query("SELECT pg_try_advisory_lock($1::bigint) AS got", {std::to_string(key)});
    if (!r) {
      return r.status().context("cannot take the runner lock");
    }
    if (r->text(0, "got") == "t") {
      if (sink) {
        sink(Event{
            "lock_acquired",
            Level::debug,
            fmt::format("runner lock acquired (key {})", key),
            {}}.with("key", static_cast<std::int64_t>(key)));
      }
      return std::unique_ptr<RunnerLock>(new RunnerLock(std::move(session), key));
    }
    auto now = std::chrono::steady_clock::now();
    if (now - last_report >= k_report_every || now >= deadline) {
      auto holder = find_holder(s, key);
      if (holder && *holder) {
        last_holder = **holder;
      }
      last_report = now;
      if (now < deadline && sink && last_holder) {
        auto waited = std::chrono::duration_cast<Millis>(now - start).count();
        sink(Event{"lock_waiting",
                   Level::warning,
                   "waiting for the runner lock held by " + last_holder->describe(),
                   {}}
                 .with("holder_pid", static_cast<std::int64_t>(last_holder->pid))
                 .with("holder_application", last_holder->application)
                 .with("holder_client", last_holder->client)
                 .with("holder_since", last_holder->since)
                 .with("waited_ms", static_cast<std::int64_t>(waited)));
      }
    }
    if (cancel && cancel->requested()) {
      return Status::error(Code::interrupted, "interrupted while waiting for the runner lock");
    }
    if (now >= deadline) {
      std::string who = last_holder ? last_holder->describe() : "another session";
      return Status::error(Code::lock_timeout,
                           fmt::format("runner lock not acquired within {}: held by {}",
                                       core::format_duration(options.lock_wait), who));
    }
    auto delay = backoff_delay(attempt, k_poll_base, k_poll_cap, jitter(rng));
    delay = std::min(delay, std::chrono::duration_cast<Millis>(deadline - now) + Millis(1));
    core::sleep_unless_cancelled(delay, cancel);
  }
}

}  // namespace pgshift::lock
