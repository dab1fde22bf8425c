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

// A postgres:// or postgresql:// URL starting at `start` (just after the scheme) and ending at
// `end`: the password of its user info and any password= query parameter.
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
    if (eq != std::string_view::npos && lower(param.substr(0, eq)) == "password" &&
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
// (the start of the keyword). Returns where scanning may continue.
std::size_t conninfo_secret(std::string_view s, std::size_t i, std::vector<Secret>& out) {
  std::size_t j = i + 8;  // strlen("password")
  while (j < s.size() && is_space(s[j])) {
    ++j;
  }
  if (j >= s.size() || s[j] != '=') {
    return i + 8;
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
  while (k < s.size() && !is_space(s[k])) {
    ++k;
  }
  if (k > j) {
    out.push_back({j, k, std::string(s.substr(j, k - j))});
  }
  return k;
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
  std::size_t i = low.find("password");
  while (i != std::string::npos) {
    std::size_t next = i + 8;
    if (!in_url(i) && (i == 0 || is_space(s[i - 1]))) {
      next = conninfo_secret(s, i, secrets);
    }
    i = low.find("password", next);
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const Secret& a, const Secret& b) { return a.begin < b.begin; });
  return secrets;
}

}  // namespace

std::string redact_url(std::string_view url) {
  std::vector<Secret> secrets = find_secrets(url);
  std::string out;
  std::size_t pos = 0;
  for (const Secret& sec : secrets) {
    if (sec.begin < pos) {
      continue;  // overlaps one already masked
    }
    out.append(url.substr(pos, sec.begin - pos));
    out.append(k_mask);
    pos = sec.end;
  }
  out.append(url.substr(pos));
  return out;
}

std::string password_of(std::string_view url) {
  std::vector<Secret> secrets = find_secrets(url);
  return secrets.empty() ? std::string() : secrets.front().value;
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
