// The command registry's interface: every command is one file with a setup function that
// declares its options on its CLI11 subcommand and returns the function that runs it
// (the CLI11 subcom_in_files pattern).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "pgshift/cancel.hpp"
#include "pgshift/options.hpp"

namespace pgshift::cli {

// What a command runs with, resolved after parsing: layered options and the renderer.
struct Runtime {
  Options options;
  std::string config_path;  // --config, or ./pgshift.toml
  Output& out;
  CancelToken& cancel;
  EventSink sink() const {
    return [this](const Event& e) { out.event(e); };
  }
};

// Runs the command; returns the process exit code.
using RunFn = std::function<int(Runtime&)>;

struct Command {
  const char* name;
  const char* summary;
  RunFn (*setup)(CLI::App& sub);
  bool reads_config = true;  // false for init, which writes the config instead
};

// The registry: one line per command, in --help order.
const std::vector<Command>& commands();

// The check of every integer flag: digits only, no leading zero ("0" itself is accepted).
// CLI11 reads integers with strtoll base 0, where "010" is 8 and "0x3" is 3.
const CLI::Validator& decimal();

// Renders a failed Status and returns its exit code.
int fail(Runtime& rt, const Status& s);

// Reports the files a scaffolding command created ("created <path>" / {"event":"created"}),
// or its error; returns the exit code.
int report_created(Runtime& rt, const Result<std::vector<std::string>>& created);

// Commands, each defined in cmd_<name>.cpp.
RunFn setup_init(CLI::App& sub);
RunFn setup_new(CLI::App& sub);
RunFn setup_status(CLI::App& sub);
RunFn setup_up(CLI::App& sub);
RunFn setup_down(CLI::App& sub);
RunFn setup_plan(CLI::App& sub);
RunFn setup_validate(CLI::App& sub);
RunFn setup_lint(CLI::App& sub);
RunFn setup_baseline(CLI::App& sub);
RunFn setup_adopt(CLI::App& sub);
RunFn setup_repair(CLI::App& sub);
RunFn setup_backfill(CLI::App& sub);
RunFn setup_complete(CLI::App& sub);
RunFn setup_rollback(CLI::App& sub);

}  // namespace pgshift::cli
