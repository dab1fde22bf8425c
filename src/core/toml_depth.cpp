#include "core/toml_depth.hpp"

#include <vector>

#include "core/position.hpp"

namespace pgshift::core {
namespace {

constexpr std::string_view k_basic_triple = "\"\"\"";
constexpr std::string_view k_literal_triple = "'''";

// A small scanner that knows only what changes the depth: keys (and their dots), headers,
// brackets, braces, and the strings and comments in which none of those count.
class DepthScanner {
 public:
  explicit DepthScanner(std::string_view text) : m_text(text) {}

  // Offset of the first key that goes too deep, or npos.
  std::size_t too_deep_at() {
    while (m_i < m_text.size()) {
      if (m_open.empty()) {
        if (std::size_t at = line(); at != std::string_view::npos) {
          return at;
        }
      } else if (std::size_t at = value(); at != std::string_view::npos) {
        return at;
      }
    }
    return std::string_view::npos;
  }

 private:
  struct Open {
    char bracket;     // '[' array or '{' inline table
    int depth;        // its own depth
    int value_depth;  // depth of the value being read inside it (after a dotted inline key)
  };

  // A line at the top level: a header, a key = value, a comment or nothing.
  std::size_t line() {
    skip_blanks();
    if (m_i >= m_text.size()) {
      return std::string_view::npos;
    }
    const char c = m_text[m_i];
    if (c == '\n' || c == '\r') {
      ++m_i;
      return std::string_view::npos;
    }
    if (c == '#') {
      skip_comment();
      return std::string_view::npos;
    }
    if (c == '[') {
      const std::size_t start = m_i;
      m_i += m_text.substr(m_i, 2) == "[[" ? 2 : 1;
      m_table_depth = key_parts(']');
      return m_table_depth > k_max_toml_depth ? start : std::string_view::npos;
    }
    return key_value(m_table_depth);
  }

  // `key = value` whose key starts at m_i, in a table at `depth`.
  std::size_t key_value(int depth) {
    const std::size_t start = m_i;
    const int d = depth + key_parts('=');
    if (d > k_max_toml_depth) {
      return start;
    }
    m_value_depth = d;
    return value();
  }

  // Reads up to and including `end` (or the end of the line); the number of dotted parts.
  int key_parts(char end) {
    int parts = 1;
    while (m_i < m_text.size()) {
      const char c = m_text[m_i];
      if (c == end) {
        ++m_i;
        break;
      }
      if (c == '\n' || c == '\r') {
        break;
      }
      if (c == '"' || c == '\'') {
        skip_string();
        continue;
      }
      parts += c == '.' ? 1 : 0;
      ++m_i;
    }
    return parts;
  }

  // Values up to the end of the line at the top level, or the closing bracket of what is open.
  std::size_t value() {
    while (m_i < m_text.size()) {
      const char c = m_text[m_i];
      if ((c == '\n' || c == '\r') && m_open.empty()) {
        return std::string_view::npos;
      }
      if (c == '"' || c == '\'') {
        skip_string();
      } else if (c == '#') {
        skip_comment();
      } else if (c == '[' || c == '{') {
        ++m_i;
        const int depth = (m_open.empty() ? m_value_depth : m_open.back().value_depth) + 1;
        if (depth > k_max_toml_depth) {
          return m_i - 1;
        }
        m_open.push_back({c, depth, depth});
        if (c == '{') {
          if (std::size_t at = inline_key(); at != std::string_view::npos) {
            return at;
          }
        }
      } else if (c == ']' || c == '}') {
        ++m_i;
        if (!m_open.empty()) {
          m_open.pop_back();
        }
      } else if (c == ',' && !m_open.empty() && m_open.back().bracket == '{') {
        ++m_i;
        if (std::size_t at = inline_key(); at != std::string_view::npos) {
          return at;
        }
      } else {
        ++m_i;
      }
    }
    return std::string_view::npos;
  }

  // A key of an inline table (after `{` or `,`), up to its `=`.
  std::size_t inline_key() {
    while (m_i < m_text.size() && (m_text[m_i] == ' ' || m_text[m_i] == '\t')) {
      ++m_i;
    }
    if (m_i >= m_text.size() || m_text[m_i] == '}') {
      return std::string_view::npos;
    }
    const std::size_t start = m_i;
    Open& table = m_open.back();
    table.value_depth = table.depth + key_parts('=') - 1;
    return table.value_depth > k_max_toml_depth ? start : std::string_view::npos;
  }

  void skip_blanks() {
    while (m_i < m_text.size() && (m_text[m_i] == ' ' || m_text[m_i] == '\t')) {
      ++m_i;
    }
  }

  void skip_comment() {
    while (m_i < m_text.size() && m_text[m_i] != '\n') {
      ++m_i;
    }
  }

  // A basic or literal string, single- or multi-line, starting at m_i.
  void skip_string() {
    const char q = m_text[m_i];
    const std::string_view triple = q == '"' ? k_basic_triple : k_literal_triple;
    const bool multi = m_text.substr(m_i, 3) == triple;
    m_i += multi ? 3 : 1;
    while (m_i < m_text.size()) {
      const char c = m_text[m_i];
      if (c == '\\' && q == '"') {
        m_i += 2;
        continue;
      }
      if (!multi && (c == '\n' || c == '\r')) {
        return;  // unterminated: toml++ says so
      }
      if (c == q && (!multi || m_text.substr(m_i, 3) == triple)) {
        m_i += multi ? 3 : 1;
        // A multi-line string may end with up to two more quotes of its own.
        while (multi && m_i < m_text.size() && m_text[m_i] == q) {
          ++m_i;
        }
        return;
      }
      ++m_i;
    }
  }

  std::string_view m_text;
  std::size_t m_i = 0;
  int m_table_depth = 0;  // parts of the last [header]
  int m_value_depth = 0;  // depth of the value being read at the top level
  std::vector<Open> m_open;
};

}  // namespace

Status check_toml_depth(std::string_view text, const std::string& path) {
  const std::size_t at = DepthScanner(text).too_deep_at();
  if (at == std::string_view::npos) {
    return Status::ok();
  }
  return input_error(path, position_of(text, at),
                     "nested more than " + std::to_string(k_max_toml_depth) +
                         " levels deep (tables, dotted keys, arrays and inline tables)");
}

}  // namespace pgshift::core
