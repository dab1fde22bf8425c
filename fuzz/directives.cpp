// Fuzz target: `-- pgshift:` directives (core::parse_directives) over arbitrary section text.
//
// Input: the text of a section. Its first byte also picks the line the section starts on, as
// for the down section of a single file.
#include "core/directives.hpp"
#include "fuzz.hpp"

using namespace pgshift;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::k_max_input) {
    return -1;
  }
  const std::string text = fuzz::text_of(data, size);
  const int first_line = size > 0 ? 1 + data[0] % 16 : 1;
  auto d = core::parse_directives(text, "m.sql", first_line);
  if (!d) {
    fuzz::expect_one_line_error(d.status().message());
    fuzz::expect(d.status().message().rfind("m.sql:", 0) == 0, "a directive error names the file",
                 d.status().message());
    return 0;
  }
  (void)d->file.canonical();
  for (const auto& i : d->inline_) {
    fuzz::expect(i.line >= first_line, "an inline directive's line is in the section");
    fuzz::expect(!i.batch_size || *i.batch_size > 0, "a batch size is positive");
    fuzz::expect(i.columns.size() == i.rule_ids.size(), "one column per lint-ignore id");
  }
  fuzz::expect(!d->file.retries || *d->file.retries >= 0, "retries are not negative");
  return 0;
}
