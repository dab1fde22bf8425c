#include "core/redact.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace pgshift::core {

namespace {

constexpr std::string_view k_mask = "****";

// Where a password sits in the text, and its value as libpq would read it.
struct Secret {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string value;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// %XX sequences decoded; malformed ones kept as written ('+' is not a space for libpq).
std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool is_space(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

constexpr std::string_view k_password = "password";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// password, sslpassword, and any key libpq may add that ends in "password".
bool is_password_key(std::string_view key) {
  return ends_with(lower(key), k_password);
}

bool is_key_char(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// A postgres:// or postgresql:// URL starting at `start` (just after the scheme) and ending at
// `end`: the password of its user info and every password-like query parameter.
void url_secrets(std::string_view s, std::size_t start, std::size_t end, std::vector<Secret>& out) {
  std::string_view url = s.substr(start, end - start);
  std::size_t query = url.find('?');
  std::string_view before_query = url.substr(0, query);
  // The last '@' before the query ends the user info, so that a raw '@' or '/' in a password
  // is still covered. A raw '?' in a password hides that '@'; then the last '@' anywhere is
  // used, which can mask too much but never too little.
  std::size_t at = before_query.rfind('@');
  if (at == std::string_view::npos) {
    at = url.rfind('@');
  }
  if (at != std::string_view::npos) {
    std::size_t colon = url.substr(0, at).find(':');
    if (colon != std::string_view::npos && colon + 1 < at) {
      out.push_back(
          {start + colon + 1, start + at, percent_decode(url.substr(colon + 1, at - colon - 1))});
    }
  }
  // Query parameters follow the user info, whatever characters the password holds.
  query = url.find('?', at == std::string_view::npos ? 0 : at + 1);
  if (query == std::string_view::npos) {
    return;
  }
  std::size_t i = query + 1;
  while (i < url.size()) {
    std::size_t amp = url.find_first_of("&#", i);
    std::size_t stop = amp == std::string_view::npos ? url.size() : amp;
    std::string_view param = url.substr(i, stop - i);
    std::size_t eq = param.find('=');
    if (eq != std::string_view::npos && is_password_key(param.substr(0, eq)) &&
        eq + 1 < param.size()) {
      out.push_back({start + i + eq + 1, start + stop, percent_decode(param.substr(eq + 1))});
    }
    if (amp == std::string_view::npos || url[amp] == '#') {
      break;
    }
    i = amp + 1;
  }
}

// `password = value` or `password = 'quoted \' value'` of a conninfo string, found at `i`
// (where "password" ends a key). An unquoted value ends at whitespace, or at `quote` when the
// conninfo string is itself quoted with it (in a message or a SQL literal). Returns where
// scanning may continue.
std::size_t conninfo_secret(std::string_view s, std::size_t i, char quote,
                            std::vector<Secret>& out) {
  std::size_t j = i + k_password.size();
  while (j < s.size() && is_space(s[j])) {
    ++j;
  }
  if (j >= s.size() || s[j] != '=') {
    return i + k_password.size();
  }
  ++j;
  while (j < s.size() && is_space(s[j])) {
    ++j;
  }
  if (j < s.size() && s[j] == '\'') {
    std::size_t begin = j + 1;
    std::string value;
    std::size_t k = begin;
    while (k < s.size() && s[k] != '\'') {
      if (s[k] == '\\' && k + 1 < s.size()) {
        ++k;
      }
      value.push_back(s[k]);
      ++k;
    }
    if (k > begin) {
      out.push_back({begin, k, value});
    }
    return k;
  }
  std::size_t k = j;
  while (k < s.size() && !is_space(s[k]) && (quote == 0 || s[k] != quote)) {
    ++k;
  }
  if (k > j) {
    out.push_back({j, k, std::string(s.substr(j, k - j))});
  }
  return k;
}

// The quote a conninfo string is enclosed in when it sits inside a message ("...") or a SQL
// literal ('...'): the quote character that `before` leaves open. A bare conninfo string's own
// quoted values are balanced, so it has none.
char enclosing_quote(std::string_view before) {
  for (char q : {'"', '\''}) {
    if (std::count(before.begin(), before.end(), q) % 2 == 1) {
      return q;
    }
  }
  return 0;
}

std::vector<Secret> find_secrets(std::string_view s) {
  std::vector<Secret> secrets;
  std::string low = lower(s);
  // URLs first; the ranges they cover are not scanned again as conninfo.
  std::vector<std::pair<std::size_t, std::size_t>> urls;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    std::size_t p = low.find(scheme);
    while (p != std::string::npos) {
      std::size_t start = p + scheme.size();
      std::size_t end = s.size();
      bool whole = s.find_first_not_of(" \t\r\n") == p;
      if (!whole) {
        // A URL inside a longer message ends at whitespace or a quote.
        std::size_t stop = s.find_first_of(" \t\r\n\"'<>", start);
        end = stop == std::string_view::npos ? s.size() : stop;
      }
      url_secrets(s, start, end, secrets);
      urls.emplace_back(p, end);
      p = low.find(scheme, end);
    }
  }
  auto in_url = [&](std::size_t i) {
    return std::any_of(urls.begin(), urls.end(),
                       [i](const auto& r) { return i >= r.first && i < r.second; });
  };
  // A conninfo key starts the text or follows a space or a quote (a conninfo string quoted in
  // a message or a SQL literal) and ends in "password" (password, sslpassword).
  std::size_t i = low.find(k_password);
  while (i != std::string::npos) {
    std::size_t next = i + k_password.size();
    std::size_t key = i;
    while (key > 0 && is_key_char(s[key - 1])) {
      --key;
    }
    const char before = key == 0 ? ' ' : s[key - 1];
    if (!in_url(i) && (is_space(before) || before == '\'' || before == '"')) {
      next = conninfo_secret(s, i, enclosing_quote(s.substr(0, key)), secrets);
    }
    i = low.find(k_password, next);
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const Secret& a, const Secret& b) { return a.begin < b.begin; });
  return secrets;
}

// The text with each secret's range replaced by the mask (overlapping ranges once).
std::string mask(std::string_view text, const std::vector<Secret>& secrets) {
  std::string out;
  std::size_t pos = 0;
  for (const Secret& sec : secrets) {
    if (sec.end <= pos) {
      continue;  // inside one already masked
    }
    const std::size_t begin = std::max(sec.begin, pos);
    out.append(text.substr(pos, begin - pos));
    if (begin == sec.begin) {
      out.append(k_mask);
    }
    pos = sec.end;
  }
  out.append(text.substr(pos));
  return out;
}

bool is_ident_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) != 0 || c == '_' || c == '$' || u >= 0x80;
}

// The end of a SQL string literal whose body starts at `begin`: the closing quote, or the end
// of the text when it was cut off. `backslash`: an E'' literal, where \' does not close it.
std::size_t literal_end(std::string_view s, std::size_t begin, bool backslash) {
  std::size_t k = begin;
  while (k < s.size()) {
    if (backslash && s[k] == '\\' && k + 1 < s.size()) {
      k += 2;
      continue;
    }
    if (s[k] == '\'') {
      if (k + 1 < s.size() && s[k + 1] == '\'') {
        k += 2;  // '' is a quote inside the literal
        continue;
      }
      return k;
    }
    ++k;
  }
  return s.size();
}

// The literal following the PASSWORD keyword at `i` (CREATE/ALTER ROLE, a user mapping's
// OPTIONS (password '...')): '...', E'...' or $tag$...$tag$.
void password_literal(std::string_view s, std::size_t i, std::vector<Secret>& out) {
  std::size_t j = i + k_password.size();
  while (j < s.size() && is_space(s[j])) {
    ++j;
  }
  bool backslash = false;
  if (j + 1 < s.size() && (s[j] == 'e' || s[j] == 'E') && s[j + 1] == '\'') {
    backslash = true;
    ++j;
  }
  if (j < s.size() && s[j] == '\'') {
    const std::size_t end = literal_end(s, j + 1, backslash);
    if (end > j + 1) {
      out.push_back({j + 1, end, std::string(s.substr(j + 1, end - j - 1))});
    }
    return;
  }
  if (j < s.size() && s[j] == '$') {
    // $$ or $tag$ (a tag does not start with a digit: $1 is a parameter).
    std::size_t close = j + 1;
    while (close < s.size() && s[close] != '$' && is_ident_char(s[close]) &&
           !(close == j + 1 && std::isdigit(static_cast<unsigned char>(s[close])) != 0)) {
      ++close;
    }
    if (close >= s.size()) {
      out.push_back({j, s.size(), std::string(s.substr(j))});  // cut off inside the tag
      return;
    }
    if (s[close] != '$') {
      return;
    }
    const std::string_view tag = s.substr(j, close - j + 1);
    const std::size_t body = close + 1;
    std::size_t end = s.find(tag, body);
    end = end == std::string_view::npos ? s.size() : end;
    if (end > body) {
      out.push_back({body, end, std::string(s.substr(body, end - body))});
    }
  }
}

}  // namespace

std::string redact_url(std::string_view url) {
  return mask(url, find_secrets(url));
}

std::string password_of(std::string_view url) {
  std::vector<Secret> secrets = find_secrets(url);
  return secrets.empty() ? std::string() : secrets.front().value;
}

std::vector<std::string> secrets_of(std::string_view url) {
  std::vector<std::string> out;
  for (Secret& s : find_secrets(url)) {
    out.push_back(std::move(s.value));
  }
  return out;
}

std::string redact_reason(std::string_view reason, std::string_view url) {
  const std::vector<Secret> secrets = find_secrets(url);
  auto overlaps_secret = [&](std::string_view fragment) {
    for (std::size_t at = url.find(fragment); at != std::string_view::npos;
         at = url.find(fragment, at + 1)) {
      for (const Secret& s : secrets) {
        if (at < s.end && at + fragment.size() > s.begin) {
          return true;
        }
      }
    }
    return false;
  };
  std::vector<Secret> echoed;
  std::size_t open = reason.find('"');
  while (open != std::string_view::npos) {
    const std::size_t close = reason.find('"', open + 1);
    if (close == std::string_view::npos) {
      break;
    }
    const std::string_view fragment = reason.substr(open + 1, close - open - 1);
    if (!fragment.empty() && overlaps_secret(fragment)) {
      echoed.push_back({open + 1, close, std::string(fragment)});
    }
    open = reason.find('"', close + 1);
  }
  return redact_url(mask(reason, echoed));
}

bool userinfo_needs_encoding(std::string_view url) {
  const std::string low = lower(url);
  std::size_t start = std::string::npos;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (low.rfind(scheme, 0) == 0) {
      start = scheme.size();
    }
  }
  if (start == std::string::npos) {
    return false;
  }
  const std::string_view rest = url.substr(start, url.find('?', start) - start);
  const std::size_t at = rest.rfind('@');
  return at != std::string_view::npos &&
         rest.substr(0, at).find_first_of("@/") != std::string_view::npos;
}

std::string redact_query(std::string_view sql) {
  std::vector<Secret> secrets = find_secrets(sql);
  const std::string low = lower(sql);
  for (std::size_t i = low.find(k_password); i != std::string::npos;
       i = low.find(k_password, i + 1)) {
    const std::size_t after = i + k_password.size();
    // A keyword: not part of a longer name, and not the start of a quoted word ('password').
    const bool starts = i == 0 || is_space(sql[i - 1]) || sql[i - 1] == '(' || sql[i - 1] == ',';
    if (starts && (after == sql.size() || !is_ident_char(sql[after]))) {
      password_literal(sql, i, secrets);
    }
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const Secret& a, const Secret& b) { return a.begin < b.begin; });
  return mask(sql, secrets);
}

std::string scrub(std::string_view text, std::string_view secret) {
  if (secret.empty()) {
    return std::string(text);
  }
  std::string out;
  std::size_t pos = 0;
  std::size_t hit = text.find(secret);
  while (hit != std::string_view::npos) {
    out.append(text.substr(pos, hit - pos));
    out.append(k_mask);
    pos = hit + secret.size();
    hit = text.find(secret, pos);
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace pgshift::core
