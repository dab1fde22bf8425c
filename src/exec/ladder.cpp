#include "exec/ladder.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/sleep.hpp"
#include "db/error.hpp"

namespace pgshift::exec {

namespace {

Millis grow(Millis first, Millis cap, double growth, int steps) {
  if (first >= cap) {
    return cap;
  }
  double v = static_cast<double>(first.count()) * std::pow(std::max(growth, 1.0), steps);
  return std::min(cap, Millis(static_cast<long long>(std::llround(v))));
}

double unit_random() {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace

LadderConfig ladder_config(const DdlOptions& ddl) {
  LadderConfig c;
  c.first_timeout = ddl.lock_timeout;
  c.max_timeout = ddl.lock_timeout_max;
  c.first_sleep = ddl.retry_sleep;
  c.max_sleep = ddl.retry_sleep_max;
  c.retries = ddl.retries;
  return c;
}

Rung rung(const LadderConfig& config, int attempt) {
  const int last = std::max(0, config.retries);
  attempt = std::clamp(attempt, 0, last);
  Rung r;
  r.attempt = attempt;
  r.lock_timeout = grow(config.first_timeout, config.max_timeout, config.growth, attempt);
  r.sleep_after = attempt == last
                      ? Millis(0)
                      : grow(config.first_sleep, config.max_sleep, config.growth, attempt);
  return r;
}

std::vector<Rung> ladder(const LadderConfig& config) {
  std::vector<Rung> out;
  for (int i = 0; i <= std::max(0, config.retries); ++i) {
    out.push_back(rung(config, i));
  }
  return out;
}

Millis ladder_budget(const LadderConfig& config) {
  Millis total{0};
  for (const auto& r : ladder(config)) {
    total += r.lock_timeout + r.sleep_after;
  }
  return total;
}

bool retryable(const Status& failure, bool cancel_requested) {
  if (cancel_requested || failure.is_ok()) {
    return false;
  }
  return db::is_lock_timeout(failure) || db::is_deadlock(failure);
}

Millis jittered(Millis sleep, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  return Millis(static_cast<long long>(static_cast<double>(sleep.count()) * (0.8 + 0.4 * unit)));
}

LadderOutcome run_ladder(const LadderConfig& config, const CancelToken* cancel,
                         const std::function<Status(int attempt)>& attempt,
                         const LadderHooks& hooks) {
  const auto cancelled = [cancel] { return cancel && cancel->requested(); };
  LadderOutcome out;
  for (int n = 0;; ++n) {
    out.status = attempt(n);
    out.attempts = n + 1;
    if (out.status.is_ok() || n >= config.retries || !retryable(out.status, cancelled())) {
      return out;
    }
    const Millis sleep = jittered(rung(config, n).sleep_after,
                                  hooks.unit_random ? hooks.unit_random() : unit_random());
    if (hooks.on_retry) {
      hooks.on_retry(n, out.status, sleep);
    }
    const bool slept =
        hooks.sleep ? hooks.sleep(sleep) : core::sleep_unless_cancelled(sleep, cancel);
    if (!slept || cancelled()) {
      out.interrupted = true;
      return out;
    }
  }
}

}  // namespace pgshift::exec
