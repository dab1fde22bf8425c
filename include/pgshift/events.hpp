// Events: how the library reports progress and findings without printing.
//
// Only src/cli/ writes to the terminal; the library calls an EventSink, and the CLI renders each
// event as a line of text (colour on a TTY) or as one JSON object per line (--json).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace pgshift {

enum class Level { debug, info, warning, error };

using FieldValue = std::variant<std::string, std::int64_t, double, bool>;

struct Event {
  std::string kind;  // stable machine name: "migration_applied", "lock_waiting", ...
  Level level = Level::info;
  std::string message;  // the human sentence, lowercase, already redacted
  std::vector<std::pair<std::string, FieldValue>> fields;  // structured detail for --json

  Event& with(std::string key, FieldValue value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
  }
};

using EventSink = std::function<void(const Event&)>;

}  // namespace pgshift
