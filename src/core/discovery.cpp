#include "core/discovery.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "core/layout.hpp"
#include "core/position.hpp"
#include "core/read_file.hpp"
#include "core/utf8.hpp"
#include "core/version.hpp"

namespace pgshift::core {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

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

Status input(const std::string& message) {
  return Status::error(Code::invalid_input, message);
}

std::string in_quotes(const std::string& s) {
  return "\"" + s + "\"";
}

enum class Kind { file, folder, other };

// One entry of the directory, with every layout's view of it.
struct Candidate {
  std::string name;
  std::string path;
  Kind kind = Kind::file;
  std::string what;  // Kind::other: "a FIFO", "a dangling symbolic link", ...
  // Per layout, in registry order: what its `match` said. An error's message is not kept
  // (every .sql file is malformed for most layouts); the chosen layout is asked again.
  std::vector<std::optional<NameMatch>> names;
  std::vector<bool> errs;
  std::optional<Result<std::string>> text;  // files some layout names: read once
  std::vector<bool> claims;  // per layout: its name, and its annotations where names are shared

  // The layout's NameMatch when it fits the entry's kind (a folder for folder names).
  const NameMatch* name_of(std::size_t i) const {
    const auto& m = names[i];
    if (!m || m->folder != (kind == Kind::folder)) {
      return nullptr;
    }
    return &*m;
  }
  bool named() const {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (name_of(i)) {
        return true;
      }
    }
    return false;
  }
  bool signaled() const { return std::find(claims.begin(), claims.end(), true) != claims.end(); }
};

// What a non-regular entry is, or "" for a regular file or a directory.
std::string kind_of(const fs::path& path, Kind& kind) {
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);  // follows symbolic links
  if (!ec && fs::is_regular_file(st)) {
    kind = Kind::file;
    return "";
  }
  if (!ec && fs::is_directory(st)) {
    kind = Kind::folder;
    return "";
  }
  kind = Kind::other;
  if (ec) {
    std::error_code lec;
    if (ec.value() == ELOOP) {
      return "a symbolic link loop";
    }
    if (fs::is_symlink(fs::symlink_status(path, lec)) && ec.value() == ENOENT) {
      return "a dangling symbolic link (its target does not exist)";
    }
    return "unreadable (" + ec.message() + ")";
  }
  if (fs::is_fifo(st)) {
    return "a FIFO, not a regular file";
  }
  if (fs::is_socket(st)) {
    return "a socket, not a regular file";
  }
  return "a device, not a regular file";
}

bool has_control_char(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Lists `dir` and asks every layout about every entry. Entries that cannot be migrations
// although they are named like one are errors here, whatever the layout.
Result<std::vector<Candidate>> list(const std::string& dir) {
  const auto layouts = all_layouts();
  // The type the directory listing gives (no stat); symbolic links and unknown types are
  // resolved with a stat below.
  std::vector<std::pair<std::string, fs::file_type>> entries;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code tec;
    entries.emplace_back(it->path().filename().string(), it->symlink_status(tec).type());
  }
  if (ec) {
    return input("cannot read migrations directory " + in_quotes(dir) + ": " + ec.message());
  }
  // Sorted so that which error is reported first does not depend on the file system.
  std::sort(entries.begin(), entries.end());
  std::vector<Candidate> out(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Candidate& c = out[i];
    c.name = std::move(entries[i].first);
    c.path = (fs::path(dir) / c.name).string();
    const fs::file_type t = entries[i].second;
    c.kind = t == fs::file_type::regular     ? Kind::file
             : t == fs::file_type::directory ? Kind::folder
                                             : Kind::other;
  }
  for (Candidate& c : out) {
    bool any = false;
    c.names.reserve(layouts.size());
    c.errs.reserve(layouts.size());
    for (const Layout* l : layouts) {
      Result<std::optional<NameMatch>> m = l->match(c.name);
      c.errs.push_back(!m);
      c.names.push_back(m ? std::move(*m) : std::nullopt);
      any = any || !m || c.names.back().has_value();
    }
    if (!any) {
      c.kind = Kind::other;  // README.md, whatever it is: no layout's
      continue;
    }
    if (c.kind == Kind::other) {
      c.what = kind_of(c.path, c.kind);
    }
    if (c.kind == Kind::other) {
      return input(in_quotes(c.path) + " is " + c.what);
    }
    if (c.kind == Kind::folder) {
      for (const auto& m : c.names) {
        if (m && !m->folder) {
          return input(in_quotes(c.path) + " is a directory, not a migration file");
        }
      }
    }
    if (c.named() && has_control_char(c.name)) {
      return input(in_quotes(dir) + ": a file name contains a control character");
    }
  }
  return out;
}

// Reads the files some layout names, once, and notes which layouts claim each entry.
void sniff(std::vector<Candidate>& cs) {
  const auto layouts = all_layouts();
  static const std::string k_none;
  for (Candidate& c : cs) {
    c.claims.assign(layouts.size(), false);
    if (!c.named()) {
      continue;
    }
    if (c.kind == Kind::file) {
      c.text = read_source(c.path);
    }
    const std::string& text = c.text && *c.text ? **c.text : k_none;
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      const NameMatch* m = c.name_of(i);
      if (!m) {
        continue;
      }
      const bool readable = c.kind == Kind::folder || (c.text && *c.text);
      c.claims[i] = !m->sniff || (readable && layouts[i]->claims(c.path, text));
    }
  }
}

std::size_t index_of(const Layout& l) {
  const auto layouts = all_layouts();
  return static_cast<std::size_t>(std::find(layouts.begin(), layouts.end(), &l) - layouts.begin());
}

Status mixed(const std::string& dir, const std::vector<Candidate>& cs) {
  const auto layouts = all_layouts();
  std::vector<int> count(layouts.size(), 0);
  for (const Candidate& c : cs) {
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      count[i] += c.claims[i] ? 1 : 0;
    }
  }
  const std::size_t l1 =
      static_cast<std::size_t>(std::max_element(count.begin(), count.end()) - count.begin());
  const Candidate* e1 = nullptr;
  const Candidate* e2 = nullptr;
  for (const Candidate& c : cs) {
    if (c.claims[l1] && !e1) {
      e1 = &c;
    } else if (c.signaled() && !c.claims[l1] && !e2) {
      e2 = &c;
    }
  }
  const std::size_t l2 = static_cast<std::size_t>(
      std::find(e2->claims.begin(), e2->claims.end(), true) - e2->claims.begin());
  return input("migrations directory " + in_quotes(dir) + " mixes layouts: " + in_quotes(e1->path) +
               " is in " + std::string(layouts[l1]->id) + " layout and " + in_quotes(e2->path) +
               " in " + std::string(layouts[l2]->id) +
               " layout: keep one layout per directory (docs/file-formats.md)");
}

// The layout that reads every entry: among those that claim every entry some layout claims,
// the first that also names the entries no layout claims (a pgshift single file without its
// markers, say), so that its own error explains what is wrong with them.
Result<std::size_t> detect(const std::string& dir, const std::vector<Candidate>& cs) {
  const auto layouts = all_layouts();
  std::optional<std::size_t> covering, naming_all;
  bool any = false;
  for (std::size_t i = 0; i < layouts.size(); ++i) {
    bool covers = true, names = true;
    for (const Candidate& c : cs) {
      if (c.signaled()) {
        any = true;
        covers = covers && c.claims[i];
      } else if (c.named() && c.kind == Kind::file) {
        any = true;
        names = names && c.name_of(i) != nullptr;
      }
    }
    if (covers && !covering) {
      covering = i;
    }
    if (covers && names && !naming_all) {
      naming_all = i;
    }
  }
  if (!any) {
    return index_of(*find_layout("pgshift"));  // an empty directory: pgshift's own
  }
  if (naming_all) {
    return *naming_all;
  }
  if (covering) {
    return *covering;
  }
  return mixed(dir, cs);
}

struct Read {
  std::string path;
  Part part;
  MigrationSource source;
};

Status duplicate(const std::string& version, const std::string& a, const std::string& b) {
  return input("duplicate version " + version + ": " + in_quotes(std::min(a, b)) + " and " +
               in_quotes(std::max(a, b)));
}

// The migration of one version from its entries (one up entry and at most one down file),
// appended to `out`.
Status combine(const std::string& version, const std::vector<Read*>& reads,
               std::vector<MigrationSource>& out) {
  Read* up = nullptr;
  Read* down = nullptr;
  for (Read* r : reads) {
    Read*& slot = r->part == Part::down ? down : up;
    if (slot) {
      return duplicate(version, slot->path, r->path);
    }
    slot = r;
  }
  if (!up) {
    return input(down->path + ": down file without an up file of version " + version);
  }
  if (down && up->part != Part::up) {
    return duplicate(version, up->path, down->path);  // the up file has its own down section
  }
  MigrationSource& m = out.emplace_back(std::move(up->source));
  if (down) {
    MigrationSource& d = down->source;
    m.down = std::move(d.down);
    m.down_path = std::move(d.down_path);
    m.down_error = std::move(d.down_error);
  }
  return Status::ok();
}

// The layout `l` reads candidate `c` (nullopt: nothing to read there).
Result<std::optional<Read>> read_one(const Layout& l, std::size_t li, Candidate& c,
                                     std::string_view forced) {
  const auto layouts = all_layouts();
  if (c.errs[li] && c.kind == Kind::file) {
    const Status s = l.match(c.name).status();
    return Status::error(s.code(), c.path + ": " + s.message());
  }
  const NameMatch* nm = c.name_of(li);
  if (!nm) {
    for (std::size_t i = 0; i < layouts.size(); ++i) {
      // A folder no layout claims (it holds no migration file) is just a folder.
      const bool relevant = c.kind == Kind::file ? c.name_of(i) != nullptr : c.claims[i];
      if (i != li && relevant) {
        return input(
            in_quotes(c.path) + " is not a " + std::string(l.id) +
            " migration (it is named like a " + std::string(layouts[i]->id) + " one" +
            (forced.empty() ? "" : ", and layout is set to " + in_quotes(std::string(forced))) +
            ")");
      }
    }
    return std::optional<Read>();
  }
  if (nm->part == Part::other) {
    return std::optional<Read>();
  }
  Read out{c.path, nm->part, {}};
  Entry e{c.path, *nm, {}};
  if (c.kind == Kind::file) {
    Result<std::string>& text = *c.text;
    if (!text && nm->part == Part::down) {
      // An unreadable down file only stops `down`.
      out.source.version = nm->version;
      out.source.down_path = c.path;
      out.source.down_error = text.status();
      return std::optional<Read>(std::move(out));
    }
    if (!text) {
      return text.status();
    }
    e.text = std::move(*text);
  }
  Result<MigrationSource> m = l.read(std::move(e));
  if (!m) {
    return m.status();
  }
  out.source = std::move(*m);
  out.source.version = nm->version;
  out.source.name = nm->name;
  out.source.repeatable = nm->part == Part::repeatable;
  return std::optional<Read>(std::move(out));
}

}  // namespace

Result<std::string> read_migration_file(const std::string& path) {
  return read_source(path);
}

Result<Discovery> discover_layout(const std::string& dir, std::string_view layout) {
  if (layout == "auto") {
    layout = "";
  }
  const Layout* forced = layout.empty() ? nullptr : find_layout(layout);
  if (!layout.empty() && !forced) {
    return input("unknown layout " + in_quotes(std::string(layout)) + " (known: auto, " +
                 layout_ids() + ")");
  }
  std::error_code ec;
  fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st)) {
    return input("migrations directory " + in_quotes(dir) + " does not exist");
  }
  if (!fs::is_directory(st)) {
    return input("migrations directory " + in_quotes(dir) + " is not a directory");
  }
  Result<std::vector<Candidate>> cs = list(dir);
  if (!cs) {
    return cs.status();
  }
  sniff(*cs);
  const auto layouts = all_layouts();
  std::size_t li = 0;
  if (forced) {
    li = index_of(*forced);
  } else {
    Result<std::size_t> d = detect(dir, *cs);
    if (!d) {
      return d.status();
    }
    li = *d;
  }
  const Layout& l = *layouts[li];

  // Versions are canonical, so equal versions are equal strings: group by hash, then sort the
  // versions once.
  std::vector<Read> reads;
  reads.reserve(cs->size());
  for (Candidate& c : *cs) {
    Result<std::optional<Read>> r = read_one(l, li, c, layout);
    if (!r) {
      return r.status();
    }
    if (*r) {
      reads.push_back(std::move(**r));
    }
  }
  std::unordered_map<std::string_view, std::vector<Read*>> groups;
  for (Read& r : reads) {
    groups[r.source.version].push_back(&r);
  }
  std::vector<std::string> versions;
  versions.reserve(groups.size());
  for (const auto& g : groups) {
    versions.emplace_back(g.first);
  }
  std::sort(versions.begin(), versions.end(),
            [](const std::string& a, const std::string& b) { return compare_versions(a, b) < 0; });
  Discovery out;
  out.layout = std::string(l.id);
  out.migrations.reserve(groups.size());
  for (const std::string& version : versions) {
    PGSHIFT_TRY(combine(version, groups[version], out.migrations));
  }
  return out;
}

Result<std::vector<MigrationSource>> discover(const std::string& dir) {
  Result<Discovery> d = discover_layout(dir, "");
  if (!d) {
    return d.status();
  }
  return std::move(d->migrations);
}

Result<std::optional<ParsedName>> parse_file_name(std::string_view file_name) {
  Result<std::optional<NameMatch>> m = find_layout("pgshift")->match(file_name);
  if (!m) {
    return input(std::string(file_name) + ": " + m.status().message());
  }
  if (!m->has_value()) {
    return std::optional<ParsedName>();
  }
  const NameMatch& nm = **m;
  ParsedName p;
  p.version = nm.version;
  p.raw_version = nm.raw_version;
  p.name = nm.name;
  switch (nm.part) {
    case Part::up:
    case Part::down:
      p.form = FileForm::pair;
      p.direction = nm.part == Part::up ? Direction::up : Direction::down;
      break;
    case Part::operations:
      p.form = FileForm::operations;
      break;
    default:
      p.form = FileForm::single;
      break;
  }
  return std::optional<ParsedName>(std::move(p));
}

Result<std::optional<Section>> read_sql_file(const std::string& path) {
  const std::string file = fs::path(path).filename().string();
  std::vector<std::pair<const Layout*, NameMatch>> named;
  for (const Layout* l : all_layouts()) {
    Result<std::optional<NameMatch>> m = l->match(file);
    // A malformed migration-like name is no obstacle here: the file is linted as plain SQL.
    if (m && m->has_value() && !(**m).folder) {
      if ((**m).part == Part::operations || (**m).part == Part::other) {
        return std::optional<Section>();
      }
      named.emplace_back(l, std::move(**m));
    }
  }
  Result<std::string> text = read_source(path);
  if (!text) {
    return text.status();
  }
  for (auto& [l, nm] : named) {
    if (nm.sniff && !l->claims(path, *text)) {
      continue;
    }
    Result<MigrationSource> m = l->read(Entry{path, nm, *text});
    if (!m) {
      return m.status();
    }
    if (m->up) {
      return std::optional<Section>(std::move(*m->up));
    }
    if (!m->down_error.is_ok()) {
      return m->down_error;
    }
    return std::optional<Section>(std::move(m->down));
  }
  Result<SectionDirectives> dirs = parse_directives(*text, path, 1);
  if (!dirs) {
    return dirs.status();
  }
  return std::optional<Section>(Section{path, std::move(*text), 1, std::move(*dirs)});
}

}  // namespace pgshift::core
