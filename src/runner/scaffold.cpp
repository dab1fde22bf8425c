// init and new: files a developer starts from.
#include "pgshift/scaffold.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "core/discovery.hpp"
#include "core/excerpt.hpp"
#include "core/version.hpp"

namespace pgshift {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_config =
    R"(# pgshift configuration. Environment variables and flags override these values;
# ${{VAR}} expands from the environment. Every key is documented in docs/configuration.md.

# Where to connect (prefer PGSHIFT_DATABASE_URL / DATABASE_URL in deploy pipelines).
# database_url = "postgresql://app@localhost:5432/app"

dir = "{dir}"
history_schema = "pgshift"
# checksum = "normalized"   # or "exact"

[lock]
# How long `up` waits for another pgshift run on the same database to finish.
wait = "60s"

[ddl]
# A statement waiting for a lock stalls every query on its table behind it, so each attempt
# waits briefly and is retried along a ladder (docs/zero-downtime.md). The defaults:
# lock_timeout = "50ms"        # first attempt
# lock_timeout_max = "250ms"   # the longest any attempt waits: the bound on stalled traffic
# retry_sleep = "100ms"        # pause after the first failed attempt, growing x1.5 ...
# retry_sleep_max = "5s"       # ... up to this
# retries = 40
# statement_timeout = "10min"  # none by default; never for CONCURRENTLY statements
# preflight_threshold = "5s"   # report sessions this long in a transaction on the table
# preflight_wait = "0s"        # wait up to this long for them to finish first
)";

// The longest file name the common file systems (ext4, XFS, APFS, NTFS) accept, in bytes.
constexpr std::size_t k_name_max = 255;

Status write_new_file(const fs::path& path, const std::string& text) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return Status::error(Code::invalid_input,
                         fmt::format("\"{}\" already exists: not overwriting it", path.string()));
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    return Status::error(Code::failed, fmt::format("cannot write \"{}\"", path.string()));
  }
  return Status::ok();
}

Result<std::string> clean_name(const std::string& raw) {
  std::string name;
  for (char c : raw) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '-') {
      name += '_';
    } else if (std::isalnum(u) || c == '_') {
      name += static_cast<char>(std::tolower(u));
    } else {
      return Status::error(
          Code::invalid_input,
          fmt::format("name \"{}\": use letters, digits, _ , - or spaces", core::excerpt(raw, 64)));
    }
  }
  if (name.empty()) {
    return Status::error(Code::invalid_input, "name: must not be empty");
  }
  return name;
}

std::string utc_timestamp() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

// Adds one to a run of decimal digits, keeping its width where it fits.
std::string increment(std::string digits) {
  int i = static_cast<int>(digits.size()) - 1;
  for (; i >= 0; --i) {
    if (digits[static_cast<std::size_t>(i)] == '9') {
      digits[static_cast<std::size_t>(i)] = '0';
    } else {
      ++digits[static_cast<std::size_t>(i)];
      return digits;
    }
  }
  return "1" + digits;
}

}  // namespace

Result<std::vector<std::string>> init_project(const InitOptions& opts) {
  std::vector<std::string> created;
  if (fs::path(opts.config_path).has_parent_path() &&
      !fs::exists(fs::path(opts.config_path).parent_path())) {
    return Status::error(Code::invalid_input,
                         fmt::format("the folder of \"{}\" does not exist", opts.config_path));
  }
  if (fs::exists(opts.config_path) && !opts.force) {
    return Status::error(
        Code::invalid_input,
        fmt::format("\"{}\" already exists (use --force to overwrite it)", opts.config_path));
  }
  std::ofstream out(opts.config_path, std::ios::binary | std::ios::trunc);
  out << fmt::format(k_config, fmt::arg("dir", opts.dir));
  out.close();
  if (!out) {
    return Status::error(Code::failed, fmt::format("cannot write \"{}\"", opts.config_path));
  }
  created.push_back(opts.config_path);
  // `dir` in a config file is relative to that file, so that is where it is created.
  fs::path dir = opts.dir;
  if (dir.is_relative()) {
    dir = fs::path(opts.config_path).parent_path() / dir;
  }
  std::error_code ec;
  if (!fs::exists(dir)) {
    fs::create_directories(dir, ec);
    if (ec) {
      return Status::error(Code::failed,
                           fmt::format("cannot create \"{}\": {}", dir.string(), ec.message()));
    }
    created.push_back(dir.string() + "/");
  }
  return created;
}

Result<std::vector<std::string>> new_migration(const NewOptions& opts) {
  if (opts.ops && opts.single) {
    return Status::error(Code::invalid_input, "--ops and --single exclude each other");
  }
  auto name = clean_name(opts.name);
  if (!name) {
    return name.status();
  }
  std::error_code ec;
  if (!fs::exists(opts.dir)) {
    fs::create_directories(opts.dir, ec);
    if (ec) {
      return Status::error(Code::failed,
                           fmt::format("cannot create \"{}\": {}", opts.dir, ec.message()));
    }
  }
  PGSHIFT_ASSIGN_OR_RETURN(auto existing, core::discover_layout(opts.dir, ""));
  // Its files would make the directory one of two layouts, which no command reads.
  if (existing.layout != "pgshift" && existing.layout != "golang-migrate") {
    return Status::error(Code::invalid_input,
                         fmt::format("\"{}\" is in {} layout: pgshift new writes pgshift's own "
                                     "files; write the new migration as {} expects it",
                                     opts.dir, existing.layout, existing.layout));
  }
  std::string newest_raw;
  std::string newest;
  for (const auto& m : existing.migrations) {
    newest = m.version;
    auto parsed = core::parse_file_name(fs::path(m.path).filename().string());
    newest_raw = parsed && *parsed ? (*parsed)->raw_version : m.version;
  }
  std::string version;
  if (opts.sequential) {
    version = newest.empty() ? "0001" : increment(newest_raw);
  } else {
    version = opts.timestamp.empty() ? utc_timestamp() : opts.timestamp;
    if (!core::is_version(version) || version.find('.') != std::string::npos) {
      return Status::error(Code::invalid_input, "timestamp: digits only (YYYYMMDDHHMMSS)");
    }
    if (!newest.empty() && core::compare_versions(core::canonical_version(version), newest) <= 0) {
      version = increment(newest_raw);
    }
  }
  const std::string base = version + "_" + *name;
  // The longest of the files written: a name that does not fit is the user's input, refused
  // before anything is created (the file system would say only "File name too long").
  const std::string longest = base + (opts.ops ? ".toml" : opts.single ? ".sql" : ".down.sql");
  if (longest.size() > k_name_max) {
    return Status::error(
        Code::invalid_input,
        fmt::format("name: too long ({} characters): the file name \"{}\" would be {} bytes, "
                    "more than the {} a file name may have; use at most {} characters",
                    name->size(), core::excerpt(longest, 40), longest.size(), k_name_max,
                    name->size() - (longest.size() - k_name_max)));
  }
  const fs::path dir(opts.dir);
  std::vector<std::string> created;
  auto create = [&](const std::string& file, const std::string& text) -> Status {
    fs::path p = dir / file;
    PGSHIFT_TRY(write_new_file(p, text));
    created.push_back(p.string());
    return Status::ok();
  };
  Status s;
  if (opts.ops) {
    s = create(
        base + ".toml",
        "# Operations migration (docs/expand-contract.md): `pgshift up` expands it (the new\n"
        "# shape next to the old one, a version schema of views for the new application),\n"
        "# `pgshift complete` removes the old shape, `pgshift rollback` the new one.\n"
        "# Operations: docs/operations/README.md. Uncomment and edit:\n\n"
        "# schema = \"public\"\n\n"
        "# [[operations]]\n"
        "# op = \"add_column\"\n"
        "# table = \"users\"\n"
        "# column = { name = \"email\", type = \"text\", nullable = false }\n"
        "# up = \"name || '@example.com'\"   # fills existing rows and the old version's "
        "writes\n");
  } else if (opts.single) {
    s = create(base + ".sql",
               "-- pgshift:up\n-- Write the change here. Directives (-- pgshift:no-transaction,\n"
               "-- -- pgshift:lock-timeout 2s, ...) go right below the marker.\n\n\n"
               "-- pgshift:down\n-- Undo the change here.\n\n");
  } else {
    s = create(base + ".up.sql",
               "-- Write the change here. See docs/file-formats.md for directives.\n\n");
    if (s) {
      s = create(base + ".down.sql", "-- Undo the change of " + base + ".up.sql here.\n\n");
    }
  }
  if (!s) {
    return s;
  }
  return created;
}

}  // namespace pgshift
