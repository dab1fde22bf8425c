#include "cli/output.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "core/redact.hpp"

namespace pgshift::cli {

namespace {

const char* level_name(Level l) {
  switch (l) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warning:
      return "warning";
    case Level::error:
      return "error";
  }
  return "info";
}

}  // namespace

nlohmann::json to_json(const Event& e) {
  nlohmann::json j;
  j["event"] = e.kind;
  j["level"] = level_name(e.level);
  j["message"] = e.message;
  for (const auto& [k, v] : e.fields) {
    std::visit([&j, &k = k](const auto& x) { j[k] = x; }, v);
  }
  return j;
}

std::string Output::clean(const std::string& s) const {
  std::string out = s;
  for (const std::string& secret : m_opts.secrets) {
    out = core::scrub(out, secret);
  }
  return out;
}

void Output::emit_line(std::ostream& to, const std::string& line) {
  std::string text = clean(line) + "\n";
  std::lock_guard<std::mutex> lock(m_mutex);
  if (m_bar_open) {
    std::cerr << "\n";  // keep the last bar on screen, above the line
    m_bar_open = false;
  }
  to << text;
  to.flush();
}

namespace {

template <typename T>
T field(const Event& e, const char* name, T fallback) {
  for (const auto& [k, v] : e.fields) {
    if (k == name && std::holds_alternative<T>(v)) {
      return std::get<T>(v);
    }
  }
  return fallback;
}

}  // namespace

void Output::draw_bar(const Event& e) {
  constexpr int k_width = 30;
  const double percent = field<double>(e, "percent", -1.0);
  const double rate = field<double>(e, "rows_per_second", 0.0);
  const double eta = field<double>(e, "eta_seconds", -1.0);
  std::string bar;
  if (percent >= 0) {
    const int full = static_cast<int>(std::min(100.0, percent) * k_width / 100.0);
    bar = "[" + std::string(static_cast<std::size_t>(full), '#') +
          std::string(static_cast<std::size_t>(k_width - full), '.') + "] " +
          std::to_string(static_cast<int>(percent)) + "% ";
  }
  std::string line = field<std::string>(e, "backfill", "") + " " + bar +
                     std::to_string(field<std::int64_t>(e, "rows_scanned", 0)) + " rows, " +
                     std::to_string(static_cast<long long>(rate)) + " rows/s" +
                     (eta >= 0 ? ", eta " + std::to_string(static_cast<long long>(eta)) + "s" : "");
  line = clean(line);
  std::lock_guard<std::mutex> lock(m_mutex);
  std::cerr << "\r\033[K" << line;
  std::cerr.flush();
  m_bar_open = true;
}

std::string Output::paint(const std::string& s, const char* colour) const {
  if (!m_opts.color) {
    return s;
  }
  std::string code = "0";
  std::string c = colour;
  if (c == "green") {
    code = "32";
  } else if (c == "yellow") {
    code = "33";
  } else if (c == "red") {
    code = "31";
  } else if (c == "bold") {
    code = "1";
  } else if (c == "dim") {
    code = "2";
  }
  return "\033[" + code + "m" + s + "\033[0m";
}

void Output::event(const Event& e) {
  if (e.level == Level::debug && m_opts.verbosity < 1) {
    return;  // with -v only, in text and JSON alike
  }
  if (m_opts.json) {
    json(to_json(e));
    return;
  }
  if (m_opts.verbosity < 0 && e.level != Level::error) {
    return;
  }
  if (m_opts.progress_bar && e.kind == "backfill_progress") {
    draw_bar(e);
    return;
  }
  if (e.kind == "lint_finding") {
    emit_line(std::cerr, e.message);
    return;
  }
  switch (e.level) {
    case Level::error:
      emit_line(std::cerr, "pgshift: " + paint("error", "red") + ": " + e.message);
      break;
    case Level::warning:
      emit_line(std::cerr, "pgshift: " + paint("warning", "yellow") + ": " + e.message);
      break;
    default:
      emit_line(std::cout, e.message);
      break;
  }
}

void Output::text(const std::string& line) {
  if (m_opts.json || m_opts.verbosity < 0) {
    return;
  }
  emit_line(std::cout, line);
}

void Output::json(nlohmann::json obj) {
  if (!m_opts.json) {
    return;
  }
  // dump() escapes control characters; replace invalid UTF-8 rather than throwing.
  emit_line(std::cout, obj.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Output::error(const Status& s) {
  if (m_opts.json) {
    json({{"event", "error"},
          {"level", "error"},
          {"code", code_name(s.code())},
          {"exit_code", static_cast<int>(s.code())},
          {"sqlstate", s.sqlstate()},
          {"message", s.message()}});
  }
  emit_line(std::cerr, "pgshift: " + paint("error", "red") + ": " + s.message());
}

}  // namespace pgshift::cli
