#include "lock/key.hpp"

#include <algorithm>
#include <charconv>
#include <string>

#include "core/checksum.hpp"

namespace pgshift::lock {

std::int64_t lock_key(std::string_view database, std::string_view schema) {
  std::string input = "pgshift-runner-lock";
  input.push_back('\0');
  input.append(database);
  input.push_back('\0');
  input.append(schema);
  std::string hex = core::sha256_hex(input);
  // 16 hex digits of a SHA-256 always fit in 64 bits: from_chars cannot fail here, and unlike
  // std::stoull it could not throw if it did.
  std::uint64_t v = 0;
  std::from_chars(hex.data(), hex.data() + 16, v, 16);
  return static_cast<std::int64_t>(v);
}

KeyHalves key_halves(std::int64_t key) {
  auto u = static_cast<std::uint64_t>(key);
  return {static_cast<std::uint32_t>(u >> 32), static_cast<std::uint32_t>(u & 0xffffffffu)};
}

Millis backoff_delay(int attempt, Millis base, Millis cap, double jitter) {
  attempt = std::clamp(attempt, 0, 30);
  double ms = static_cast<double>(base.count());
  for (int i = 0; i < attempt && ms < static_cast<double>(cap.count()); ++i) {
    ms *= 2;
  }
  ms = std::min(ms, static_cast<double>(cap.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  ms *= 0.5 + 0.5 * jitter;
  return Millis(static_cast<long long>(ms));
}

}  // namespace pgshift::lock
