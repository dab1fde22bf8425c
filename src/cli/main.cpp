// pgshift's entry point: parses the command line, resolves options (pgshift.toml <
// environment < flags), runs one command and maps its outcome to the exit code. The one
// place that catches everything and the only place that exits.
#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli/command.hpp"
#include "core/config.hpp"
#include "core/failpoint.hpp"
#include "core/redact.hpp"

using namespace pgshift;

namespace {

struct Globals {
  std::optional<std::string> database_url;
  std::optional<std::string> dir;
  std::optional<std::string> layout;
  std::optional<std::string> config;
  std::optional<std::string> history_schema;
  std::optional<std::string> lock_wait;
  std::optional<std::string> checksum;
  std::optional<std::string> adopt_from;
  std::optional<std::string> adopt_table;
  bool json = false;
  bool no_color = false;
  bool quiet = false;
  int verbose = 0;
};

void add_globals(CLI::App& app, Globals& g) {
  const char* group = "Global options (before or after the command)";
  app.add_option("-u,--database-url", g.database_url,
                 "PostgreSQL URL or conninfo (else PGSHIFT_DATABASE_URL, DATABASE_URL, PG*)")
      ->group(group);
  app.add_option("--dir", g.dir, "migrations directory (default ./migrations)")->group(group);
  app.add_option("--layout", g.layout,
                 "layout of the migrations directory: auto (default), golang-migrate, pgshift, "
                 "goose, dbmate, sql-migrate, flyway, folders")
      ->group(group);
  app.add_option("--config", g.config, "config file (default ./pgshift.toml when present)")
      ->group(group);
  app.add_option("--history-schema", g.history_schema, "schema of pgshift's tables (pgshift)")
      ->group(group);
  app.add_option("--lock-wait", g.lock_wait,
                 "how long to wait for another pgshift run, e.g. 30s, 5min (default 60s)")
      ->group(group);
  app.add_option("--checksum", g.checksum, "normalized (default) or exact")->group(group);
  app.add_option("--adopt-from", g.adopt_from,
                 "another tool's history to adopt: auto (default), none, or golang-migrate, "
                 "goose, dbmate, flyway, sql-migrate, node-pg-migrate")
      ->group(group);
  app.add_option("--adopt-table", g.adopt_table,
                 "that tool's history table when not at its default name ([schema.]table)")
      ->group(group);
  app.add_flag("--json", g.json, "one JSON object per line on stdout")->group(group);
  app.add_flag("--no-color", g.no_color, "no colour (also NO_COLOR)")->group(group);
  app.add_flag("-q,--quiet", g.quiet, "errors only")->group(group);
  app.add_flag("-v,--verbose", g.verbose,
               "more detail: debug events (lock acquired, each statement done)")
      ->group(group);
}

// SIGINT/SIGTERM are handled on a thread of their own: the first cancels the running
// statement (its transaction rolls back) and the command stops cleanly with exit 130; a
// second one ends the process at once (PostgreSQL rolls back what was open).
void start_signal_thread(CancelToken& cancel) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, &cancel] {
    int signals = 0;
    for (;;) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) {
        continue;
      }
      if (++signals > 1) {
        std::_Exit(130);
      }
      cancel.request();
    }
  }).detach();
}

// --json anywhere on the command line, for errors found before parsing completed.
bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--json") {
      return true;
    }
  }
  return false;
}

// The passwords to scrub from every line pgshift prints (URLs are also shown redacted): the
// URL's password, sslpassword and other password-like keys, and PGPASSWORD. A password shorter
// than 4 characters is not scrubbed: replacing every "y" or "ab" would garble messages while
// hiding nothing an attacker could not guess.
std::vector<std::string> secrets_of(const std::string& url) {
  std::vector<std::string> all = core::secrets_of(url);
  if (const char* p = std::getenv("PGPASSWORD")) {
    all.emplace_back(p);
  }
  std::vector<std::string> out;
  for (std::string& s : all) {
    if (s.size() >= 4) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

bool colour_wanted(const Globals& g) {
  return !g.no_color && !g.json && std::getenv("NO_COLOR") == nullptr && isatty(STDOUT_FILENO);
}

}  // namespace

int main(int argc, char** argv) {
  CancelToken cancel;
  start_signal_thread(cancel);

  CLI::App app{"pgshift: zero-downtime schema migrations for PostgreSQL", "pgshift"};
  app.set_version_flag("--version", std::string("pgshift ") + PGSHIFT_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(R"(
Start here:
  pgshift init                      write pgshift.toml and migrations/
  pgshift new add_users_email       create the next migration pair
  pgshift up                        apply pending migrations
  pgshift status                    see where the database stands
Exit codes: 0 ok, 1 failed, 2 bad input (nothing ran), 3 lint refused, 4 lock not acquired,
5 checksum drift / history mismatch, 130 interrupted (safe to re-run). Docs: docs/commands/.)");
  Globals g;
  add_globals(app, g);

  cli::RunFn run;
  const cli::Command* chosen = nullptr;
  for (const auto& cmd : cli::commands()) {
    CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
    auto fn = cmd.setup(*sub);
    sub->callback([&run, &chosen, fn, &cmd] {
      run = fn;
      chosen = &cmd;
    });
  }

  cli::Output out(cli::OutputOptions{});
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's messages start with a capital letter; pgshift's are lowercase (STYLE.md).
    std::string msg = e.what();
    if (!msg.empty()) {
      msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
    }
    cli::OutputOptions oo;
    oo.json = wants_json(argc, argv);
    oo.secrets = secrets_of(g.database_url.value_or(""));
    out.configure(oo);
    out.error(Status::error(Code::invalid_input, msg + " (see pgshift --help)"));
    return static_cast<int>(Code::invalid_input);
  }

  cli::OutputOptions oo;
  oo.json = g.json;
  oo.color = colour_wanted(g);
  oo.verbosity = g.quiet ? -1 : g.verbose;
  oo.progress_bar = !g.json && isatty(STDERR_FILENO);
  out.configure(oo);
  // A mistyped failpoint would let a crash test pass without crashing.
  if (Status fp = core::check_failpoints(core::process_env()("PGSHIFT_FAILPOINT").value_or(""));
      !fp) {
    out.error(fp);
    return static_cast<int>(fp.code());
  }

  std::optional<std::string> config = g.config;
  bool required = config.has_value();
  if (!config && std::filesystem::exists("pgshift.toml")) {
    config = "pgshift.toml";
  }
  core::FlagOverrides flags{g.database_url, g.dir,        g.history_schema, g.checksum,
                            g.lock_wait,    g.adopt_from, g.adopt_table,    g.layout};
  Result<Options> options = Options{};
  if (chosen->reads_config) {
    options = core::load_options(config, required, flags, core::process_env());
  } else {
    options = core::load_options(std::nullopt, false, flags, core::process_env());
  }
  if (!options) {
    out.set_secrets(secrets_of(g.database_url.value_or("")));
    out.error(options.status());
    return static_cast<int>(options.status().code());
  }
  out.set_secrets(secrets_of(options->database_url));
  cli::Runtime rt{std::move(options).value(), g.config.value_or("pgshift.toml"), out, cancel};
  try {
    int code = run(rt);
    if (code == 0 && cancel.requested()) {
      return static_cast<int>(Code::interrupted);
    }
    return code;
  } catch (const std::exception& e) {
    out.error(Status::error(Code::failed, std::string("internal error: ") + e.what()));
    return static_cast<int>(Code::failed);
  }
}
