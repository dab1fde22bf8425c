#include "core/quote.hpp"

namespace pgshift::core {

std::string quote_ident(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out.push_back('"');
  for (char c : name) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string quote_literal(std::string_view value) {
  // With standard_conforming_strings on (the default since 9.1) a backslash in '...' is an
  // ordinary character, but the E'' form makes the text correct whatever the setting is.
  bool has_backslash = value.find('\\') != std::string_view::npos;
  std::string out;
  out.reserve(value.size() + 3);
  if (has_backslash) {
    out.push_back('E');
  }
  out.push_back('\'');
  for (char c : value) {
    if (c == '\'' || (c == '\\' && has_backslash)) {
      out.push_back(c);
    }
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string dollar_quote(std::string_view body, std::string_view tag) {
  std::string delimiter = "$" + std::string(tag) + "$";
  for (int n = 1;; ++n) {
    // The scanner ends the quote at the first delimiter it meets, also one that starts inside
    // the body and ends in the closing delimiter ("...$pgshift" + "$pgshift$").
    std::string closed = std::string(body) + delimiter;
    if (closed.find(delimiter) == body.size()) {
      return delimiter + closed;
    }
    delimiter = "$" + std::string(tag) + "_" + std::to_string(n) + "$";
  }
}

}  // namespace pgshift::core
