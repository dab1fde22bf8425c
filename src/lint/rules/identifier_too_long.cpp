// identifier-too-long: a name longer than 63 bytes (NAMEDATALEN - 1). PostgreSQL truncates it
// with only a NOTICE, so the object gets another name than written: two long names sharing
// their first 63 bytes collide, and tools that look the full name up in the catalogs
// (pg_class.relname = '...') miss it. Bytes, not characters: a name of 32 two-byte characters is
// already too long.
//
// The parse tree cannot tell: PostgreSQL's scanner truncates identifiers before the parser sees
// them. So this rule reads the statement's text: identifiers, quoted or not, outside string
// constants, dollar-quoted bodies and comments.
#include <cctype>
#include <set>
#include <string_view>

#include "core/excerpt.hpp"
#include "lint/rule.hpp"

namespace pgshift::lint::rules {
namespace {

constexpr std::size_t k_max_bytes = 63;

// PostgreSQL cuts at a character boundary at or before byte 63.
std::string truncated(const std::string& name) {
  std::size_t n = k_max_bytes;
  while (n > 0 && (static_cast<unsigned char>(name[n]) & 0xC0) == 0x80) {
    --n;
  }
  return name.substr(0, n);
}

bool ident_start(unsigned char c) {
  return std::isalpha(c) != 0 || c == '_' || c >= 0x80;
}
bool ident_char(unsigned char c) {
  return ident_start(c) || std::isdigit(c) != 0 || c == '$';
}

struct Name {
  std::string text;    // as PostgreSQL reads it (unquoted: ASCII folded to lower case)
  std::size_t at = 0;  // byte offset in the statement
};

// The identifiers of `sql` longer than 63 bytes.
std::vector<Name> long_names(std::string_view sql) {
  std::vector<Name> out;
  std::size_t i = 0;
  const std::size_t n = sql.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(sql[i]);
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      i = sql.find('\n', i);
      i = i == std::string_view::npos ? n : i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      int depth = 1;  // block comments nest in PostgreSQL
      i += 2;
      while (i < n && depth > 0) {
        if (sql.compare(i, 2, "/*") == 0) {
          ++depth, i += 2;
        } else if (sql.compare(i, 2, "*/") == 0) {
          --depth, i += 2;
        } else {
          ++i;
        }
      }
    } else if (c == '\'') {
      // A string constant; E'...' strings escape quotes with a backslash too.
      const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
      ++i;
      while (i < n) {
        if (escapes && sql[i] == '\\') {
          i += 2;
        } else if (sql[i] == '\'') {
          if (i + 1 < n && sql[i + 1] == '\'') {
            i += 2;
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
    } else if (c == '$' && (i == 0 || !ident_char(static_cast<unsigned char>(sql[i - 1])))) {
      // $tag$ ... $tag$ (or a $1 parameter).
      std::size_t j = i + 1;
      while (j < n && ident_char(static_cast<unsigned char>(sql[j])) && sql[j] != '$') {
        ++j;
      }
      if (j < n && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);
        const std::size_t end = sql.find(tag, j + 1);
        i = end == std::string_view::npos ? n : end + tag.size();
      } else {
        i = j;
      }
    } else if (c == '"') {
      Name name{"", i};
      ++i;
      while (i < n) {
        if (sql[i] == '"') {
          if (i + 1 < n && sql[i + 1] == '"') {
            name.text += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        name.text += sql[i++];
      }
      if (name.text.size() > k_max_bytes) {
        out.push_back(std::move(name));
      }
    } else if (ident_start(c)) {
      Name name{"", i};
      while (i < n && ident_char(static_cast<unsigned char>(sql[i]))) {
        const char ch = sql[i++];
        name.text += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      }
      if (i < n && sql[i] == '\'') {
        continue;  // E'...', B'...', X'...', N'...': a prefix of a constant
      }
      if (name.text.size() > k_max_bytes) {
        out.push_back(std::move(name));
      }
    } else if (std::isdigit(c) != 0) {
      while (i < n && (std::isalnum(static_cast<unsigned char>(sql[i])) != 0 || sql[i] == '.')) {
        ++i;
      }
    } else {
      ++i;
    }
  }
  return out;
}

void check(const FileContext& file, Sink& out) {
  for (const StatementInfo& st : file.statements) {
    std::set<std::string> reported;
    for (const Name& name : long_names(st.stmt->text)) {
      if (!reported.insert(name.text).second) {
        continue;
      }
      Finding& f = out.report(st,
                              // A quoted name may hold line breaks: shown on one line, bounded.
                              "name \"" + core::excerpt(name.text, 160) + "\" is " +
                                  std::to_string(name.text.size()) +
                                  " bytes: PostgreSQL truncates it to \"" +
                                  core::excerpt(truncated(name.text), 160) + "\"",
                              static_cast<long>(st.stmt->offset + name.at));
      f.lock.clear();
      f.help = "shorten it to at most 63 bytes";
    }
  }
}

}  // namespace

extern const Rule identifier_too_long{
    .id = "identifier-too-long",
    .severity = Severity::warning,
    .summary = "a name longer than 63 bytes is silently truncated",
    .check = check,
};

}  // namespace pgshift::lint::rules
