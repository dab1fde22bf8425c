#include "core/failpoint.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>

namespace pgshift::core {

namespace {

// name -> the hit that fires
using Armed = std::map<std::string, long, std::less<>>;

std::optional<Armed> parse(std::string_view spec, std::string* error) {
  Armed out;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t end = spec.find(',', start);
    if (end == std::string_view::npos) {
      end = spec.size();
    }
    const std::string_view entry = spec.substr(start, end - start);
    start = end + 1;
    if (entry.empty()) {
      continue;
    }
    const std::size_t colon = entry.find(':');
    const std::string_view name = entry.substr(0, colon);
    long count = 1;
    if (colon != std::string_view::npos) {
      const std::string_view n = entry.substr(colon + 1);
      auto [p, ec] = std::from_chars(n.data(), n.data() + n.size(), count);
      if (ec != std::errc() || p != n.data() + n.size() || count < 1) {
        *error = fmt::format(
            "PGSHIFT_FAILPOINT: \"{}\": the count after \":\" must be a whole "
            "number from 1",
            entry);
        return std::nullopt;
      }
    }
    const auto& names = failpoint_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      std::string known;
      for (const auto& k : names) {
        known += (known.empty() ? "" : ", ") + k;
      }
      *error = fmt::format("PGSHIFT_FAILPOINT: unknown failpoint \"{}\" (known: {})", name, known);
      return std::nullopt;
    }
    out[std::string(name)] = count;
  }
  return out;
}

// The armed failpoints from the environment, read once; hit counts are kept per process.
struct State {
  std::mutex mutex;
  Armed armed;
  std::map<std::string, long, std::less<>> hits;
};

State* state() {
  static State* s = [] {
    const char* spec = std::getenv("PGSHIFT_FAILPOINT");
    if (spec == nullptr || *spec == '\0') {
      return static_cast<State*>(nullptr);
    }
    std::string error;
    auto armed = parse(spec, &error);
    if (!armed || armed->empty()) {
      return static_cast<State*>(nullptr);  // the CLI refused a bad spec before running
    }
    auto* st = new State;  // never freed: failpoints may be reached until the process ends
    st->armed = std::move(*armed);
    return st;
  }();
  return s;
}

}  // namespace

const std::vector<std::string>& failpoint_names() {
  // before-progress: a unit's statements ran (an autocommit statement has committed), its
  //   progress (in a transaction: progress and COMMIT) not yet sent.
  // after-progress: the unit's progress committed.
  static const std::vector<std::string> k_names{"before-progress", "after-progress"};
  return k_names;
}

Status check_failpoints(std::string_view spec) {
  std::string error;
  if (!parse(spec, &error)) {
    return Status::error(Code::invalid_input, error);
  }
  return Status::ok();
}

void failpoint(std::string_view name) {
  State* s = state();
  if (s == nullptr) {
    return;
  }
  std::lock_guard<std::mutex> lock(s->mutex);
  auto armed = s->armed.find(name);
  if (armed == s->armed.end()) {
    return;
  }
  auto hit = s->hits.find(name);
  if (hit == s->hits.end()) {
    hit = s->hits.emplace(std::string(name), 0).first;
  }
  if (++hit->second == armed->second) {
    ::kill(::getpid(), SIGKILL);
    std::_Exit(137);  // not reached: SIGKILL cannot be caught
  }
}

}  // namespace pgshift::core
