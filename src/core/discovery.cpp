#include "core/discovery.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/config.hpp"
#include "core/lines.hpp"
#include "core/position.hpp"
#include "core/read_file.hpp"
#include "core/utf8.hpp"
#include "core/version.hpp"

namespace pgshift::core {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_expected =
    "expected <version>_<name>.up.sql, <version>_<name>.down.sql, <version>_<name>.sql or "
    "<version>_<name>.toml, with a numeric <version> and a <name> of a-z, 0-9 and _";

bool iends_with(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) {
    return false;
  }
  std::string_view tail = s.substr(s.size() - suffix.size());
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(tail[i])) != suffix[i]) {
      return false;
    }
  }
  return true;
}

// The name checks, with `display` (the file name or its path) leading the error message.
Result<std::optional<ParsedName>> classify_name(std::string_view file, const std::string& display) {
  if (file.empty() || file.front() == '.') {
    return std::optional<ParsedName>();
  }
  std::size_t digits = 0;
  while (digits < file.size() && file[digits] >= '0' && file[digits] <= '9') {
    ++digits;
  }
  const bool starts_like = digits > 0 && digits < file.size() && file[digits] == '_';
  const bool ends_like = iends_with(file, ".sql") || iends_with(file, ".toml");
  if (!starts_like && !ends_like) {
    return std::optional<ParsedName>();  // README.md, notes.txt: not ours
  }
  auto malformed = [&](const std::string& reason) {
    return Status::error(Code::invalid_input, display + ": malformed migration file name: " +
                                                  reason + "; " + std::string(k_expected));
  };
  if (!starts_like) {
    return malformed("it does not start with a version and \"_\"");
  }
  std::string_view rest = file.substr(digits + 1);
  std::size_t dot = rest.find('.');
  std::string_view name = rest.substr(0, dot);
  if (name.empty()) {
    return malformed("the name after the version is empty");
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return malformed("the name \"" + std::string(name) +
                       "\" may only contain lowercase letters, digits and _");
    }
  }
  if (dot == std::string_view::npos) {
    return malformed("it has no extension");
  }
  std::string_view ext = rest.substr(dot + 1);
  ParsedName p;
  p.raw_version = std::string(file.substr(0, digits));
  p.version = canonical_version(p.raw_version);
  p.name = std::string(name);
  if (ext == "up.sql") {
    p.form = FileForm::pair;
    p.direction = Direction::up;
  } else if (ext == "down.sql") {
    p.form = FileForm::pair;
    p.direction = Direction::down;
  } else if (ext == "sql") {
    p.form = FileForm::single;
  } else if (ext == "toml") {
    p.form = FileForm::operations;
  } else {
    return malformed("unexpected extension \"." + std::string(ext) + "\"");
  }
  return std::optional<ParsedName>(std::move(p));
}

std::string_view strip_bom(std::string_view text) {
  if (text.substr(0, k_bom.size()) == k_bom) {
    text.remove_prefix(k_bom.size());
  }
  return text;
}

// Reads a migration file: BOM dropped, UTF-8 and NUL checked.
Result<std::string> read_source(const std::string& path) {
  Result<std::string> read = read_file_limited(path, k_max_migration_file_bytes);
  if (!read) {
    return read.status().context(path);
  }
  std::string text(strip_bom(*read));
  if (std::optional<std::size_t> bad = first_invalid_utf8(text)) {
    return input_error(path, position_of(text, *bad), "file is not valid UTF-8");
  }
  // libpq and the PostgreSQL parser take C strings: a NUL would silently cut the SQL short.
  if (std::size_t nul = text.find('\0'); nul != std::string::npos) {
    return input_error(path, position_of(text, nul), "file contains a NUL byte");
  }
  return text;
}

struct Found {
  std::string path;
  ParsedName name;
};

bool is_down(const Found& f) {
  return f.name.direction == Direction::down;
}

Status duplicate(const std::string& version, const Found& a, const Found& b) {
  const Found& first = a.path < b.path ? a : b;
  const Found& second = a.path < b.path ? b : a;
  return Status::error(Code::invalid_input, "duplicate version " + version + ": \"" + first.path +
                                                "\" and \"" + second.path + "\"");
}

Result<MigrationSource> load_group(const std::string& version, const std::vector<Found>& files) {
  // The migration's main file: the first that is not a down file.
  auto primary_it =
      std::find_if(files.begin(), files.end(), [](const Found& f) { return !is_down(f); });
  const Found& primary = primary_it == files.end() ? files.front() : *primary_it;
  const Found* down = nullptr;
  for (const Found& f : files) {
    if (&f == &primary) {
      continue;
    }
    bool partner = primary.name.direction == Direction::up && is_down(f) &&
                   f.name.name == primary.name.name && down == nullptr;
    if (!partner) {
      return duplicate(version, primary, f);
    }
    down = &f;
  }
  if (is_down(primary)) {
    return Status::error(Code::invalid_input, primary.path + ": down file without its up file \"" +
                                                  primary.name.raw_version + "_" +
                                                  primary.name.name + ".up.sql\"");
  }

  MigrationSource m;
  m.version = version;
  m.name = primary.name.name;
  m.form = primary.name.form;
  m.path = primary.path;
  Result<std::string> text = read_source(primary.path);
  if (!text) {
    return text.status();
  }
  switch (m.form) {
    case FileForm::pair: {
      Result<SectionDirectives> dirs = parse_directives(*text, primary.path, 1);
      if (!dirs) {
        return dirs.status();
      }
      m.up = Section{primary.path, std::move(*text), 1, std::move(*dirs)};
      if (down != nullptr) {
        m.down_path = down->path;
        Result<std::string> down_text = read_source(down->path);
        if (!down_text) {
          return down_text.status();
        }
        Result<SectionDirectives> down_dirs = parse_directives(*down_text, down->path, 1);
        if (!down_dirs) {
          return down_dirs.status();
        }
        m.down = Section{down->path, std::move(*down_text), 1, std::move(*down_dirs)};
      }
      break;
    }
    case FileForm::single: {
      auto sections = split_single(*text, primary.path);
      if (!sections) {
        return sections.status();
      }
      m.up = std::move(sections->first);
      m.down = std::move(sections->second);
      break;
    }
    case FileForm::operations:
      PGSHIFT_TRY(check_toml_syntax(*text, primary.path));
      m.toml_text = std::move(*text);
      break;
  }
  return m;
}

struct VersionLess {
  bool operator()(const std::string& a, const std::string& b) const {
    return compare_versions(a, b) < 0;
  }
};

}  // namespace

const char* form_name(FileForm f) {
  switch (f) {
    case FileForm::pair:
      return "pair";
    case FileForm::single:
      return "single";
    case FileForm::operations:
      return "operations";
  }
  return "unknown";
}

Result<std::optional<ParsedName>> parse_file_name(std::string_view file_name) {
  return classify_name(file_name, std::string(file_name));
}

Result<std::vector<MigrationSource>> discover(const std::string& dir) {
  std::error_code ec;
  fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st)) {
    return Status::error(Code::invalid_input,
                         "migrations directory \"" + dir + "\" does not exist");
  }
  if (!fs::is_directory(st)) {
    return Status::error(Code::invalid_input,
                         "migrations directory \"" + dir + "\" is not a directory");
  }
  std::vector<std::string> names;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code fec;
    if (it->is_regular_file(fec)) {  // sub-folders are not migrations
      names.push_back(it->path().filename().string());
    }
  }
  if (ec) {
    return Status::error(Code::invalid_input,
                         "cannot read migrations directory \"" + dir + "\": " + ec.message());
  }
  // Sorted so that which error is reported first does not depend on the file system.
  std::sort(names.begin(), names.end());

  std::map<std::string, std::vector<Found>, VersionLess> groups;
  for (const std::string& file : names) {
    std::string path = (fs::path(dir) / file).string();
    Result<std::optional<ParsedName>> parsed = classify_name(file, path);
    if (!parsed) {
      return parsed.status();
    }
    if (!parsed->has_value()) {
      continue;
    }
    std::string version = (*parsed)->version;
    groups[version].push_back({path, std::move(**parsed)});
  }

  std::vector<MigrationSource> out;
  out.reserve(groups.size());
  for (const auto& [version, files] : groups) {
    Result<MigrationSource> m = load_group(version, files);
    if (!m) {
      return m.status();
    }
    out.push_back(std::move(*m));
  }
  return out;
}

Result<std::optional<Section>> read_sql_file(const std::string& path) {
  const std::string file = fs::path(path).filename().string();
  Result<std::optional<ParsedName>> name = classify_name(file, path);
  // A malformed migration-like name is no obstacle here: the file is linted as plain SQL.
  const bool named = name && name->has_value();
  if (named && (*name)->form == FileForm::operations) {
    return std::optional<Section>();
  }
  Result<std::string> text = read_source(path);
  if (!text) {
    return text.status();
  }
  if (named && (*name)->form == FileForm::single) {
    auto sections = split_single(*text, path);
    if (!sections) {
      return sections.status();
    }
    return std::optional<Section>(std::move(sections->first));
  }
  Result<SectionDirectives> dirs = parse_directives(*text, path, 1);
  if (!dirs) {
    return dirs.status();
  }
  return std::optional<Section>(Section{path, std::move(*text), 1, std::move(*dirs)});
}

Result<std::pair<Section, std::optional<Section>>> split_single(std::string_view text,
                                                                const std::string& path) {
  text = strip_bom(text);
  const std::vector<detail::Line> lines = detail::split_lines(text);
  auto error_at = [&](std::size_t n, std::size_t byte_in_line, const std::string& message) {
    return input_error(
        path, {static_cast<int>(n) + 1, position_of(lines[n].text, byte_in_line).column}, message);
  };
  std::optional<std::size_t> up;
  std::optional<std::size_t> down;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    std::optional<detail::DirectiveLine> d = detail::match_directive(lines[n].text);
    if (!d || (d->name != "up" && d->name != "down")) {
      continue;
    }
    const bool is_up = d->name == "up";
    const std::string marker = is_up ? "\"-- pgshift:up\"" : "\"-- pgshift:down\"";
    if (!d->args.empty()) {
      return error_at(n, d->args_offset, "section marker " + marker + " takes no argument");
    }
    std::optional<std::size_t>& slot = is_up ? up : down;
    if (slot) {
      return error_at(
          n, d->dash_offset,
          "repeated " + marker + " marker (first on line " + std::to_string(*slot + 1) + ")");
    }
    if (is_up && down) {
      return error_at(n, d->dash_offset, "\"-- pgshift:up\" must come before \"-- pgshift:down\"");
    }
    if (!is_up && !up) {
      return error_at(n, d->dash_offset, "\"-- pgshift:down\" must come after \"-- pgshift:up\"");
    }
    slot = n;
  }
  if (!up) {
    return input_error(path, {1, 1},
                       "missing \"-- pgshift:up\" marker: a single-file migration "
                       "(<version>_<name>.sql) puts its SQL below \"-- pgshift:up\" and its "
                       "down SQL, if any, below \"-- pgshift:down\"");
  }
  for (std::size_t n = 0; n < *up; ++n) {
    std::optional<detail::DirectiveLine> d = detail::match_directive(lines[n].text);
    if (d) {
      return error_at(n, d->dash_offset,
                      "directive \"" + std::string(d->name) +
                          "\" must be inside a section, below \"-- pgshift:up\"");
    }
    std::string_view t = detail::trim(lines[n].text);
    if (!t.empty() && t.substr(0, 2) != "--") {
      return error_at(n, lines[n].text.find_first_not_of(" \t\r\f\v"),
                      "only blank lines and -- comments may come before \"-- pgshift:up\"");
    }
  }
  auto line_start = [&](std::size_t n) { return n < lines.size() ? lines[n].offset : text.size(); };
  auto make = [&](std::size_t marker, std::size_t end) -> Result<Section> {
    std::size_t begin = line_start(marker + 1);
    Section s;
    s.path = path;
    s.text = std::string(text.substr(begin, end - begin));
    s.first_line = static_cast<int>(marker) + 2;
    Result<SectionDirectives> dirs = parse_directives(s.text, path, s.first_line);
    if (!dirs) {
      return dirs.status();
    }
    s.directives = std::move(*dirs);
    return s;
  };
  Result<Section> up_section = make(*up, down ? line_start(*down) : text.size());
  if (!up_section) {
    return up_section.status();
  }
  std::optional<Section> down_section;
  if (down) {
    Result<Section> ds = make(*down, text.size());
    if (!ds) {
      return ds.status();
    }
    down_section = std::move(*ds);
  }
  return std::make_pair(std::move(*up_section), std::move(down_section));
}

}  // namespace pgshift::core
