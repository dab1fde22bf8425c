#include "core/lines.hpp"

namespace pgshift::core::detail {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

}  // namespace

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    lines.push_back({text.substr(start, end - start), start});
    if (nl == std::string_view::npos) {
      break;
    }
    start = nl + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<DirectiveLine> match_directive(std::string_view line) {
  constexpr std::string_view k_prefix = "pgshift:";
  std::size_t i = 0;
  while (i < line.size() && is_space(line[i])) {
    ++i;
  }
  if (line.substr(i, 2) != "--") {
    return std::nullopt;
  }
  DirectiveLine d;
  d.dash_offset = i;
  i += 2;
  while (i < line.size() && is_space(line[i])) {
    ++i;
  }
  if (line.substr(i, k_prefix.size()) != k_prefix) {
    return std::nullopt;
  }
  i += k_prefix.size();
  d.name_offset = i;
  while (i < line.size() && !is_space(line[i])) {
    ++i;
  }
  d.name = line.substr(d.name_offset, i - d.name_offset);
  while (i < line.size() && is_space(line[i])) {
    ++i;
  }
  d.args_offset = i;
  d.args = trim(line.substr(i));
  return d;
}

LineKind classify_line(std::string_view line) {
  std::string_view t = trim(line);
  if (t.empty()) {
    return LineKind::blank;
  }
  if (t.substr(0, 2) == "--") {
    return LineKind::comment;
  }
  if (t.substr(0, 2) == "/*") {
    std::size_t close = t.find("*/", 2);
    if (close != std::string_view::npos) {
      std::string_view rest = trim(t.substr(close + 2));
      if (rest.empty() || rest.substr(0, 2) == "--") {
        return LineKind::comment;
      }
    }
  }
  return LineKind::statement;
}

}  // namespace pgshift::core::detail
