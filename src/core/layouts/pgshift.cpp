// pgshift's own layout (docs/file-formats.md#pgshift): golang-migrate's pairs, single files
// with `-- pgshift:up` / `-- pgshift:down` sections, and .toml operations files.
#include "core/config.hpp"
#include "core/discovery.hpp"
#include "core/layouts/common.hpp"
#include "core/layouts/sectioned.hpp"
#include "core/lines.hpp"
#include "core/version.hpp"

namespace pgshift::core::layouts {

namespace {

constexpr std::string_view k_expected =
    "expected <version>_<name>.up.sql, <version>_<name>.down.sql, <version>_<name>.sql or "
    "<version>_<name>.toml, with a numeric <version>";

struct Ext {
  std::string_view suffix;
  Part part;
};
// Longest first: "1_a.up.sql" is the up half of a pair, not a single file named "a.up".
constexpr Ext k_exts[] = {{".up.sql", Part::up},
                          {".down.sql", Part::down},
                          {".sql", Part::both},
                          {".toml", Part::operations}};

Result<std::optional<NameMatch>> match(std::string_view file) {
  if (file.empty() || file.front() == '.') {
    return not_mine();
  }
  const std::size_t digits = leading_digits(file);
  const bool starts_like = digits > 0 && digits < file.size() && file[digits] == '_';
  const bool ends_like = iends_with(file, ".sql") || iends_with(file, ".toml");
  if (!starts_like && !ends_like) {
    return not_mine();  // README.md, notes.txt: not ours
  }
  if (!starts_like) {
    return malformed("it does not start with a version and \"_\"", k_expected);
  }
  const std::string_view rest = file.substr(digits + 1);
  for (const Ext& x : k_exts) {
    if (rest.size() >= x.suffix.size() && rest.substr(rest.size() - x.suffix.size()) == x.suffix) {
      const std::string_view name = rest.substr(0, rest.size() - x.suffix.size());
      if (name.empty()) {
        return malformed("the name after the version is empty", k_expected);
      }
      NameMatch m;
      m.raw_version = std::string(file.substr(0, digits));
      m.version = canonical_version(m.raw_version);
      m.name = std::string(name);
      m.part = x.part;
      m.sniff = x.part == Part::both;  // goose, dbmate and sql-migrate name files so too
      return mine(std::move(m));
    }
  }
  const std::size_t dot = rest.find('.');
  if (dot == 0) {
    return malformed("the name after the version is empty", k_expected);
  }
  if (dot == std::string_view::npos) {
    return malformed("it has no extension", k_expected);
  }
  return malformed("unexpected extension \"" + std::string(rest.substr(dot)) + "\"", k_expected);
}

LineMark classify(std::string_view line) {
  std::optional<detail::DirectiveLine> d = detail::match_directive(line);
  if (!d || (d->name != "up" && d->name != "down")) {
    return {};  // other directives are read with the section (core/directives.hpp)
  }
  LineMark m;
  m.mark = d->name == "up" ? Mark::up : Mark::down;
  m.offset = d->dash_offset;
  if (!d->args.empty()) {
    m.error = "section marker \"-- pgshift:" + std::string(d->name) + "\" takes no argument";
    m.error_offset = d->args_offset;
  }
  return m;
}

constexpr Markers k_markers{
    "-- pgshift:up", "-- pgshift:down", "", "", "single-file migration (<version>_<name>.sql)",
    classify};

bool is_marker(std::string_view line) {
  Mark m = classify(line).mark;
  return m == Mark::up || m == Mark::down;
}

bool claims(const std::string&, std::string_view text) {
  return any_line(text, "pgshift:", is_marker);
}

Result<MigrationSource> read(Entry e) {
  switch (e.match.part) {
    case Part::both:
      return read_sectioned(e, k_markers, "a -- pgshift:down section");
    case Part::operations: {
      PGSHIFT_TRY(check_toml_syntax(e.text, e.path));
      MigrationSource m;
      m.form = FileForm::operations;
      m.path = e.path;
      m.toml_text = std::move(e.text);
      return m;
    }
    default:
      return read_whole_file(e, "its .down.sql file");
  }
}

}  // namespace

extern const Layout pgshift_native;
const Layout pgshift_native{
    "pgshift",
    "<version>_<name>.up.sql / .down.sql pairs, <version>_<name>.sql with -- pgshift:up and "
    "-- pgshift:down, <version>_<name>.toml operations files",
    match, claims, read};

}  // namespace pgshift::core::layouts

namespace pgshift::core {

Result<std::pair<Section, std::optional<Section>>> split_single(std::string_view text,
                                                                const std::string& path) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  Result<layouts::Sections> s = layouts::split_sections(text, path, layouts::k_markers);
  if (!s) {
    return s.status();
  }
  if (!s->down_error.is_ok()) {
    return s->down_error;
  }
  return std::make_pair(std::move(s->up), std::move(s->down));
}

}  // namespace pgshift::core
