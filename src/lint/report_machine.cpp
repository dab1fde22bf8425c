// The machine-read reporters: JSON, GitHub workflow annotations, gcc diagnostics.
#include <nlohmann/json.hpp>

#include "lint/report.hpp"

namespace pgshift::lint {
namespace {

// https://github.com/actions/toolkit (command.ts): escapeData and escapeProperty.
std::string escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string escape_property(const std::string& s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string position(const Finding& f) {
  return f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
}

}  // namespace

nlohmann::json to_json(const Finding& f) {
  return nlohmann::json{{"rule", f.rule},     {"severity", to_string(f.severity)},
                        {"path", f.path},     {"line", f.line},
                        {"column", f.column}, {"message", f.message},
                        {"lock", f.lock},     {"help", f.help},
                        {"note", f.note}};
}

std::string render_json(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += to_json(f).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  return out;
}

std::string render_github(const Finding& f) {
  std::string message = f.message;
  if (!f.lock.empty()) {
    message += "\nlock: " + f.lock;
  }
  if (!f.help.empty()) {
    message += "\nhelp: " + f.help;
  }
  if (!f.note.empty()) {
    message += "\nnote: " + f.note;
  }
  return std::string("::") + to_string(f.severity) + " file=" + escape_property(f.path) +
         ",line=" + std::to_string(f.line) + ",col=" + std::to_string(f.column) +
         ",title=" + escape_property(f.rule) + "::" + escape_data(message) + "\n";
}

std::string render_github(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += render_github(f);
  }
  return out;
}

std::string render_gcc(const Finding& f) {
  const std::string at = position(f);
  std::string out = at + ": " + to_string(f.severity) + ": " + f.message + " [" + f.rule + "]\n";
  if (!f.lock.empty()) {
    out += at + ": note: lock: " + f.lock + "\n";
  }
  if (!f.help.empty()) {
    out += at + ": note: help: " + f.help + "\n";
  }
  if (!f.note.empty()) {
    out += at + ": note: " + f.note + "\n";
  }
  return out;
}

std::string render_gcc(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += render_gcc(f);
  }
  return out;
}

}  // namespace pgshift::lint
