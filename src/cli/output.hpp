// Output: the only code that writes to the terminal. Renders library events and command
// results as text (colour on a TTY) or as one JSON object per line (--json), and scrubs the
// connection's secrets from everything it writes.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <mutex>
#include <string>
#include <vector>

#include "pgshift/events.hpp"
#include "pgshift/status.hpp"

namespace pgshift::cli {

struct OutputOptions {
  bool json = false;
  bool color = false;
  int verbosity = 0;                 // -1 quiet, 0 normal, 1+ verbose
  std::vector<std::string> secrets;  // passwords to scrub from every line
  // Progress events redraw one bar in place on stderr (a terminal) instead of printing lines.
  bool progress_bar = false;
};

class Output {
 public:
  explicit Output(OutputOptions opts) : m_opts(std::move(opts)) {}
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;
  void configure(OutputOptions opts) { m_opts = std::move(opts); }
  void set_secrets(std::vector<std::string> secrets) { m_opts.secrets = std::move(secrets); }
  // JSON lines on stdout from now on (`lint --format json`); colour goes with text.
  void set_json(bool json) {
    m_opts.json = json;
    m_opts.color = m_opts.color && !json;
  }

  // A library event: text lines by level (debug only with -v; warnings and errors to stderr),
  // or {"event": kind, "level", "message", fields...} with --json. A lint finding's text is
  // printed as the reporter rendered it (it names its severity itself), to stderr.
  void event(const Event& e);
  // A line of a command's text result (stdout); ignored with --json.
  void text(const std::string& line);
  // A command's JSON result object (stdout); ignored without --json.
  // All methods are thread-safe: the executor's monitor thread reports progress too.
  void json(nlohmann::json obj);
  // The final error: "pgshift: error: message" on stderr, plus an {"event":"error"} object
  // on stdout with --json.
  void error(const Status& s);

  bool json_mode() const { return m_opts.json; }
  bool quiet() const { return m_opts.verbosity < 0; }
  // Wraps s in an ANSI colour when colour is on: "green", "yellow", "red", "bold", "dim".
  std::string paint(const std::string& s, const char* colour) const;

 private:
  std::string clean(const std::string& s) const;
  // Draws a backfill_progress event as a bar on stderr, replacing the previous one.
  void draw_bar(const Event& e);
  // Writes one scrubbed line and flushes, under the lock.
  void emit_line(std::ostream& to, const std::string& line);
  OutputOptions m_opts;
  std::mutex m_mutex;
  bool m_bar_open = false;  // a bar is on screen without its newline yet
};

// An Event's fields as a JSON object (with "event", "level" and "message").
nlohmann::json to_json(const Event& e);

}  // namespace pgshift::cli
