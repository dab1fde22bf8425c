#include "core/layouts/sectioned.hpp"

#include <algorithm>

#include "core/lines.hpp"
#include "core/position.hpp"

namespace pgshift::core::layouts {

namespace {

std::string in_quotes(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

// The walk over the lines: where the markers are, and the first error.
class Splitter {
 public:
  Splitter(std::string_view text, const std::string& path, const Markers& m)
      : m_lines(detail::split_lines(text)), m_path(path), m_m(m) {}

  Status walk() {
    for (std::size_t n = 0; n < m_lines.size(); ++n) {
      PGSHIFT_TRY(line(n));
    }
    if (!up) {
      return input_error(m_path, {1, 1},
                         "missing " + in_quotes(m_m.up) + " marker: a " + std::string(m_m.what) +
                             " puts its SQL below " + in_quotes(m_m.up) +
                             " and its down SQL, if any, below " + in_quotes(m_m.down));
    }
    return close_block();
  }

  const std::vector<detail::Line>& lines() const { return m_lines; }

  std::optional<std::size_t> up, down;
  bool up_no_tx = false, down_no_tx = false, file_no_tx = false;
  Status down_error;

 private:
  Status at(std::size_t n, std::size_t byte, const std::string& message) const {
    return input_error(m_path, {static_cast<int>(n) + 1, position_of(m_lines[n].text, byte).column},
                       message);
  }

  // An error about line n's content: below the down marker it only spoils the down SQL.
  Status in_section(std::size_t n, std::size_t byte, const std::string& message) {
    Status s = at(n, byte, message);
    if (down && n > *down) {
      if (down_error.is_ok()) {
        down_error = s;
      }
      return Status::ok();
    }
    return s;
  }

  // A block still open where its section ends.
  Status close_block() {
    if (!m_block) {
      return Status::ok();
    }
    std::size_t n = *m_block;
    m_block.reset();
    return in_section(n, m_block_offset,
                      in_quotes(m_m.begin) + " without " + in_quotes(m_m.end) + " in its section");
  }

  Status line(std::size_t n) {
    const std::string_view text = m_lines[n].text;
    const LineMark lm = m_m.classify(text);
    if (!lm.error.empty()) {
      return in_section(n, lm.error_offset, lm.error);
    }
    switch (lm.mark) {
      case Mark::none:
        if (!up && m_above_up.is_ok()) {
          m_above_up = above_up(n);  // reported once the up marker is found
        }
        return Status::ok();
      case Mark::up:
        if (up) {
          return at(n, lm.offset,
                    "repeated " + in_quotes(m_m.up) + " marker (first on line " +
                        std::to_string(*up + 1) + ")");
        }
        if (down) {
          return at(n, lm.offset, in_quotes(m_m.up) + " must come before " + in_quotes(m_m.down));
        }
        PGSHIFT_TRY(m_above_up);
        up = n;
        up_no_tx = lm.no_transaction;
        return Status::ok();
      case Mark::down:
        if (down) {
          return at(n, lm.offset,
                    "repeated " + in_quotes(m_m.down) + " marker (first on line " +
                        std::to_string(*down + 1) + ")");
        }
        if (!up) {
          return at(n, lm.offset, in_quotes(m_m.down) + " must come after " + in_quotes(m_m.up));
        }
        PGSHIFT_TRY(close_block());
        down = n;
        down_no_tx = lm.no_transaction;
        return Status::ok();
      case Mark::block_begin:
      case Mark::block_end:
        return block(n, lm);
      case Mark::no_transaction:
        file_no_tx = true;
        return Status::ok();
      case Mark::ignored:
        return Status::ok();
    }
    return Status::ok();
  }

  Status block(std::size_t n, const LineMark& lm) {
    const bool begin = lm.mark == Mark::block_begin;
    if (!up) {
      return at(n, lm.offset,
                in_quotes(begin ? m_m.begin : m_m.end) + " must be inside a section, below " +
                    in_quotes(m_m.up));
    }
    if (begin && m_block) {
      return in_section(n, lm.offset,
                        "repeated " + in_quotes(m_m.begin) + " (the block opened on line " +
                            std::to_string(*m_block + 1) + " is not closed)");
    }
    if (!begin && !m_block) {
      return in_section(n, lm.offset, in_quotes(m_m.end) + " without " + in_quotes(m_m.begin));
    }
    if (begin) {
      m_block = n;
      m_block_offset = lm.offset;
    } else {
      m_block.reset();
    }
    return Status::ok();
  }

  // Above the up marker: blank lines and comments, no directives.
  Status above_up(std::size_t n) const {
    const std::string_view text = m_lines[n].text;
    if (std::optional<detail::DirectiveLine> d = detail::match_directive(text)) {
      return at(n, d->dash_offset,
                "directive \"" + std::string(d->name) + "\" must be inside a section, below " +
                    in_quotes(m_m.up));
    }
    const std::string_view t = detail::trim(text);
    if (!t.empty() && t.substr(0, 2) != "--") {
      return at(n, text.find_first_not_of(" \t\r\f\v"),
                "only blank lines and -- comments may come before " + in_quotes(m_m.up));
    }
    return Status::ok();
  }

  std::vector<detail::Line> m_lines;
  const std::string& m_path;
  const Markers& m_m;
  Status m_above_up;  // the first line above the up marker that may not be there
  std::optional<std::size_t> m_block;
  std::size_t m_block_offset = 0;
};

}  // namespace

Result<Sections> split_sections(std::string_view text, const std::string& path, const Markers& m) {
  Splitter s(text, path, m);
  PGSHIFT_TRY(s.walk());
  const auto& lines = s.lines();
  auto line_start = [&](std::size_t n) { return n < lines.size() ? lines[n].offset : text.size(); };
  auto make = [&](std::size_t marker, std::size_t end) {
    std::size_t begin = line_start(marker + 1);
    Section sec;
    sec.path = path;
    sec.text = std::string(text.substr(begin, end - begin));
    sec.first_line = static_cast<int>(marker) + 2;
    return sec;
  };
  Sections out;
  out.up = make(*s.up, s.down ? line_start(*s.down) : text.size());
  Result<SectionDirectives> dirs = parse_directives(out.up.text, path, out.up.first_line);
  if (!dirs) {
    return dirs.status();
  }
  out.up.directives = std::move(*dirs);
  out.up.directives.file.no_transaction |= s.up_no_tx || s.file_no_tx;
  out.down_error = s.down_error;
  if (s.down && out.down_error.is_ok()) {
    Section down = make(*s.down, text.size());
    Result<SectionDirectives> down_dirs = parse_directives(down.text, path, down.first_line);
    if (down_dirs) {
      down.directives = std::move(*down_dirs);
      down.directives.file.no_transaction |= s.down_no_tx || s.file_no_tx;
      out.down = std::move(down);
    } else {
      out.down_error = down_dirs.status();
    }
  }
  return out;
}

Result<MigrationSource> read_sectioned(Entry& e, const Markers& m, std::string down_hint) {
  Result<Sections> s = split_sections(e.text, e.path, m);
  if (!s) {
    return s.status();
  }
  MigrationSource out;
  out.form = FileForm::single;
  out.path = e.path;
  out.down_hint = std::move(down_hint);
  out.up = std::move(s->up);
  out.down = std::move(s->down);
  out.down_error = std::move(s->down_error);
  if (!out.down && out.down_error.is_ok() && m.no_down_is_empty) {
    Section empty;
    empty.path = e.path;
    empty.first_line = static_cast<int>(std::count(e.text.begin(), e.text.end(), '\n')) + 1;
    out.down = std::move(empty);
  }
  return out;
}

}  // namespace pgshift::core::layouts
