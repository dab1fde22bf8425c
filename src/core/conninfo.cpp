#include "core/conninfo.hpp"

#include <cctype>

namespace pgshift::core {

namespace {

bool is_url(std::string_view s) {
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (s.size() >= scheme.size()) {
      bool same = true;
      for (std::size_t i = 0; i < scheme.size(); ++i) {
        same = same && std::tolower(static_cast<unsigned char>(s[i])) == scheme[i];
      }
      if (same) {
        return true;
      }
    }
  }
  return false;
}

std::string percent_encode(std::string_view s) {
  static const char* k_hex = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 0xF];
    }
  }
  return out;
}

// A conninfo value in single quotes, with ' and \ escaped.
std::string conninfo_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

// Where the query of a URL starts ('?'), or npos. The user info ends where libpq ends it, at
// the first '@' before any '/': a '?' in a password is not the query.
std::size_t query_start(std::string_view url) {
  const std::size_t start = url.find("://") + 3;
  std::size_t host = start;
  const std::size_t stop = url.find_first_of("@/", start);
  if (stop != std::string_view::npos && url[stop] == '@') {
    host = stop + 1;
  }
  return url.find('?', host);
}

}  // namespace

std::string with_fallback_application_name(std::string_view url, std::string_view name) {
  if (is_url(url)) {
    const char sep = query_start(url) == std::string_view::npos ? '?' : '&';
    return std::string(url) + sep + "fallback_application_name=" + percent_encode(name);
  }
  std::string out(url);
  if (!out.empty()) {
    out += ' ';
  }
  return out + "fallback_application_name=" + conninfo_quote(name);
}

}  // namespace pgshift::core
