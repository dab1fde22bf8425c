// Fuzz target: migration file names and the discovery of a directory of them (names, pairs,
// single files with markers, directives, UTF-8, operations files as TOML).
//
// Input: NUL-separated name and content, repeated: "1_a.up.sql\0CREATE TABLE a ();\0README\0x".
// The files are written into one scratch directory, emptied before each input.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include "core/discovery.hpp"
#include "core/version.hpp"
#include "fuzz.hpp"

using namespace pgshift;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_max_files = 8;

const fs::path& scratch() {
  static const fs::path dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "pgshift-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
      std::abort();
    }
    return fs::path(tmpl);
  }();
  return dir;
}

// A file name the scratch directory can hold: no separators, not "." or "..".
bool usable_name(std::string_view name) {
  return !name.empty() && name.size() < 200 && name != "." && name != ".." &&
         name.find('/') == std::string_view::npos;
}

// A line break in a file name stays in the messages that name the file.
bool printable(std::string_view name) {
  return std::none_of(name.begin(), name.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

void check_name(std::string_view name) {
  auto parsed = core::parse_file_name(name);
  if (!parsed) {
    if (printable(name)) {
      fuzz::expect_one_line_error(parsed.status().message());
    }
    return;
  }
  if (*parsed) {
    fuzz::expect(core::is_version((*parsed)->version), "a parsed name has a version",
                 std::string(name));
  }
}

void check_sources(const std::vector<core::MigrationSource>& sources) {
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const auto& s = sources[i];
    fuzz::expect(s.form == core::FileForm::operations || s.up.has_value(),
                 "every SQL migration has an up section", s.path);
    if (i > 0) {
      fuzz::expect(core::compare_versions(sources[i - 1].version, s.version) < 0,
                   "discovery lists versions in strictly increasing order", s.version);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > fuzz::k_max_input) {
    return -1;
  }
  const std::string input = fuzz::text_of(data, size);
  const fs::path& dir = scratch();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    fs::remove_all(entry.path(), ec);
  }
  std::size_t at = 0;
  bool all_printable = true;
  for (std::size_t n = 0; n < k_max_files && at < input.size(); ++n) {
    std::size_t name_end = input.find('\0', at);
    if (name_end == std::string::npos) {
      name_end = input.size();
    }
    const std::string name = input.substr(at, name_end - at);
    std::size_t content_end =
        name_end < input.size() ? input.find('\0', name_end + 1) : std::string::npos;
    if (content_end == std::string::npos) {
      content_end = input.size();
    }
    const std::string content =
        name_end < input.size() ? input.substr(name_end + 1, content_end - name_end - 1) : "";
    at = content_end + 1;
    check_name(name);
    if (!usable_name(name)) {
      continue;
    }
    all_printable = all_printable && printable(name);
    std::ofstream(dir / name, std::ios::binary) << content;
    auto one = core::read_sql_file((dir / name).string());
    if (!one && printable(name)) {
      fuzz::expect_one_line_error(one.status().message());
    }
    auto single = core::split_single(content, "x.sql");
    if (!single) {
      fuzz::expect_one_line_error(single.status().message());
    }
  }
  auto found = core::discover(dir.string());
  if (found) {
    check_sources(*found);
  } else if (all_printable) {
    fuzz::expect_one_line_error(found.status().message());
  }
  return 0;
}
