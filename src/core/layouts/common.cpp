#include "core/layouts/common.hpp"

#include <cctype>

namespace pgshift::core::layouts {

bool iends_with(std::string_view s, std::string_view lower_suffix) {
  if (s.size() < lower_suffix.size()) {
    return false;
  }
  std::string_view tail = s.substr(s.size() - lower_suffix.size());
  for (std::size_t i = 0; i < lower_suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tail[i])) != lower_suffix[i]) {
      return false;
    }
  }
  return true;
}

std::size_t leading_digits(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
    ++n;
  }
  return n;
}

Result<std::optional<NameMatch>> not_mine() {
  return std::optional<NameMatch>();
}

Result<std::optional<NameMatch>> mine(NameMatch m) {
  return std::optional<NameMatch>(std::move(m));
}

Result<std::optional<NameMatch>> malformed(std::string_view reason, std::string_view expected) {
  // Every layout is asked about every file: built in one allocation, as it often is.
  constexpr std::string_view k_head = "malformed migration file name: ";
  std::string message;
  message.reserve(k_head.size() + reason.size() + 2 + expected.size());
  message.append(k_head).append(reason).append("; ").append(expected);
  return Status::error(Code::invalid_input, std::move(message));
}

Result<MigrationSource> read_whole_file(Entry& e, std::string down_hint) {
  MigrationSource m;
  m.form = FileForm::pair;
  m.down_hint = std::move(down_hint);
  Result<SectionDirectives> dirs = parse_directives(e.text, e.path, 1);
  if (e.match.part == Part::down) {
    m.down_path = e.path;
    if (dirs) {
      m.down = Section{e.path, std::move(e.text), 1, std::move(*dirs)};
    } else {
      m.down_error = dirs.status();
    }
    return m;
  }
  if (!dirs) {
    return dirs.status();
  }
  m.path = e.path;
  m.up = Section{e.path, std::move(e.text), 1, std::move(*dirs)};
  return m;
}

bool any_line(std::string_view text, std::string_view needle,
              bool (*is_annotation)(std::string_view line)) {
  std::size_t at = text.find(needle);
  while (at != std::string_view::npos) {
    std::size_t begin = text.rfind('\n', at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    std::size_t end = text.find('\n', at);
    end = end == std::string_view::npos ? text.size() : end;
    if (is_annotation(text.substr(begin, end - begin))) {
      return true;
    }
    at = text.find(needle, end);
  }
  return false;
}

}  // namespace pgshift::core::layouts
