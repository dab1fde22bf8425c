// Fuzz target: pgshift.toml (core::apply_toml: toml++, then every key, type, duration and
// `${VAR}` of the [ddl], [lock], [backfill] and [lint] tables) and --pg-version text.
//
// Input: the text of a pgshift.toml.
#include <optional>

#include "core/config.hpp"
#include "fuzz.hpp"

using namespace pgshift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::k_max_input) {
    return -1;
  }
  const std::string text = fuzz::text_of(data, size);
  // Two variables set, every other one unset (an error when used).
  const core::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "DB_URL") {
      return "postgresql://app:secret@127.0.0.1:5432/app";
    }
    if (name == "EMPTY") {
      return "";
    }
    return std::nullopt;
  };
  Options options;
  Status s = core::apply_toml(text, "pgshift.toml", env, options);
  if (!s) {
    fuzz::expect_one_line_error(s.message());
    fuzz::expect(s.message().rfind("pgshift.toml", 0) == 0, "a config error names the file",
                 s.message());
  }
  Status syntax = core::check_toml_syntax(text, "pgshift.toml");
  if (!syntax) {
    fuzz::expect_one_line_error(syntax.message());
    fuzz::expect(!s, "a file that is not TOML is refused");
  }
  (void)core::parse_pg_version(text);
  return 0;
}
