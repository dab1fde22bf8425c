#include "core/directives.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "core/duration.hpp"
#include "core/lines.hpp"
#include "core/number.hpp"

namespace pgshift::core {

namespace {

constexpr std::array<std::string_view, 6> k_known = {
    "no-transaction", "lock-timeout", "statement-timeout", "retries", "lint-ignore", "batch"};
constexpr int k_max_retries = 1000;

std::string known_list() {
  std::string out;
  for (std::string_view k : k_known) {
    if (!out.empty()) {
      out += ", ";
    }
    out += k;
  }
  return out;
}

bool is_rule_id(std::string_view id) {
  // [a-z0-9]+(-[a-z0-9]+)*
  if (id.empty() || id.front() == '-' || id.back() == '-') {
    return false;
  }
  char prev = 0;
  for (char c : id) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && !(c == '-' && prev != '-')) {
      return false;
    }
    prev = c;
  }
  return true;
}

struct RuleId {
  std::string id;
  std::size_t offset = 0;  // in the scanned argument text
};

// Ids separated by commas and/or whitespace.
std::vector<RuleId> split_rule_ids(std::string_view args) {
  std::vector<RuleId> ids;
  std::size_t i = 0;
  auto is_sep = [](char c) { return c == ',' || c == ' ' || c == '\t' || c == '\r'; };
  while (i < args.size()) {
    while (i < args.size() && is_sep(args[i])) {
      ++i;
    }
    std::size_t start = i;
    while (i < args.size() && !is_sep(args[i])) {
      ++i;
    }
    if (i > start) {
      ids.push_back({std::string(args.substr(start, i - start)), start});
    }
  }
  return ids;
}

}  // namespace

bool is_known_directive(std::string_view name) {
  for (std::string_view k : k_known) {
    if (k == name) {
      return true;
    }
  }
  return false;
}

std::string Directives::canonical() const {
  std::string out;
  if (no_transaction) {
    out += "no-transaction\n";
  }
  if (lock_timeout) {
    out += "lock-timeout " + format_duration(*lock_timeout) + "\n";
  }
  if (statement_timeout) {
    out += "statement-timeout " + format_duration(*statement_timeout) + "\n";
  }
  if (retries) {
    out += "retries " + std::to_string(*retries) + "\n";
  }
  return out;
}

Result<SectionDirectives> parse_directives(std::string_view text, const std::string& path,
                                           int first_line) {
  SectionDirectives out;
  bool at_top = true;
  std::map<std::string, int> seen;  // file-level directive -> line it was first written on
  std::vector<detail::Line> lines = detail::split_lines(text);
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const detail::Line& l = lines[n];
    const int line_no = first_line + static_cast<int>(n);
    auto error_at = [&](std::size_t byte_in_line, const std::string& message) {
      return input_error(path, {line_no, position_of(l.text, byte_in_line).column}, message);
    };
    std::optional<detail::DirectiveLine> d = detail::match_directive(l.text);
    if (!d) {
      if (detail::classify_line(l.text) == detail::LineKind::statement) {
        at_top = false;
      }
      continue;
    }
    const std::string name(d->name);
    const std::string args(d->args);
    if (name == "up" || name == "down") {
      return error_at(d->dash_offset,
                      "section markers belong in single-file migrations (<version>_<name>.sql)");
    }
    if (name.empty()) {
      return error_at(d->name_offset,
                      "missing directive name after \"pgshift:\" (known: " + known_list() + ")");
    }
    if (!is_known_directive(name)) {
      return error_at(d->name_offset,
                      "unknown directive \"" + name + "\" (known: " + known_list() + ")");
    }
    const std::string quoted = "directive \"" + name + "\"";

    if (name == "lint-ignore") {
      std::vector<RuleId> ids = split_rule_ids(d->args);
      if (ids.empty()) {
        return error_at(d->args_offset, quoted +
                                            " needs at least one rule id, e.g. \"-- "
                                            "pgshift:lint-ignore ban-drop-column\"");
      }
      for (const RuleId& r : ids) {
        if (!is_rule_id(r.id)) {
          return error_at(d->args_offset + r.offset,
                          quoted + ": \"" + r.id +
                              "\" is not a rule id (lowercase letters and digits in words "
                              "joined by \"-\", e.g. ban-drop-column)");
        }
      }
      InlineDirective inl{name, args, line_no, {}, {}, {}, {}, {}};
      for (const RuleId& r : ids) {
        inl.rule_ids.push_back(r.id);
        inl.columns.push_back(position_of(l.text, d->args_offset + r.offset).column);
      }
      if (at_top) {
        // Several lint-ignore lines at the top add up; a repeated id is kept once.
        for (const RuleId& r : ids) {
          if (std::find(out.file.lint_ignore.begin(), out.file.lint_ignore.end(), r.id) ==
              out.file.lint_ignore.end()) {
            out.file.lint_ignore.push_back(r.id);
          }
        }
        out.file_ignores.push_back(std::move(inl));
      } else {
        out.inline_.push_back(std::move(inl));
      }
      continue;
    }

    if (name == "batch") {
      InlineDirective inl;
      inl.name = name;
      inl.args = args;
      inl.line = line_no;
      for (const RuleId& a : split_rule_ids(d->args)) {  // words separated by blanks/commas
        const std::size_t at = d->args_offset + a.offset;
        const std::size_t eq = a.id.find('=');
        const std::string key = a.id.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : a.id.substr(eq + 1);
        const std::optional<int> size =
            value.size() <= 7 && value.find_first_not_of("0123456789") == std::string::npos
                ? parse_number<int>(value)
                : std::nullopt;
        if (key == "size" && size && *size > 0) {
          inl.batch_size = *size;
        } else if (key == "size") {
          return error_at(at, quoted +
                                  ": size must be a whole number of rows from 1 to 9999999, "
                                  "e.g. size=5000");
        } else if (key == "sleep" && !value.empty() && value.back() == '%') {
          inl.batch_sleep_fraction = parse_percent(value);
          if (!inl.batch_sleep_fraction) {
            return error_at(at, quoted + ": sleep=" + value +
                                    " is not a percentage (a whole number, e.g. sleep=50%)");
          }
        } else if (key == "sleep") {
          Result<Millis> dur = parse_duration(value);
          if (!dur) {
            return error_at(at, quoted + ": sleep: " + dur.status().message());
          }
          inl.batch_sleep = *dur;
        } else {
          return error_at(at, quoted + ": unknown argument \"" + a.id +
                                  "\" (known: size=N, sleep=DURATION or sleep=N%)");
        }
      }
      out.inline_.push_back(std::move(inl));
      continue;
    }

    // The remaining directives change how the whole section runs, so they must be read before
    // any statement of it.
    if (!at_top) {
      return error_at(d->dash_offset,
                      quoted + " must be at the top of the section, before the first statement");
    }
    if (auto it = seen.find(name); it != seen.end()) {
      return error_at(d->dash_offset,
                      quoted + " is repeated (first on line " + std::to_string(it->second) + ")");
    }
    seen.emplace(name, line_no);

    if (name == "no-transaction") {
      if (!args.empty()) {
        return error_at(d->args_offset, quoted + " takes no argument");
      }
      out.file.no_transaction = true;
    } else if (name == "lock-timeout" || name == "statement-timeout") {
      if (args.empty()) {
        return error_at(d->args_offset,
                        quoted + " needs a duration, e.g. \"-- pgshift:" + name + " 2s\"");
      }
      Result<Millis> dur = parse_duration(args);
      if (!dur) {
        return error_at(d->args_offset, quoted + ": " + dur.status().message());
      }
      if (dur->count() == 0) {
        // 0 means "no timeout" to PostgreSQL: for lock_timeout, the one thing never wanted.
        return error_at(d->args_offset, quoted + " must be at least 1ms");
      }
      (name == "lock-timeout" ? out.file.lock_timeout : out.file.statement_timeout) = *dur;
    } else if (name == "retries") {
      std::string_view a = d->args;
      bool digits = !a.empty() && a.size() <= 4 &&
                    a.find_first_not_of("0123456789") == std::string_view::npos;
      int value = digits ? parse_number<int>(args).value_or(-1) : -1;
      if (value < 0 || value > k_max_retries) {
        return error_at(d->args_offset,
                        args.empty()
                            ? quoted +
                                  " needs a whole number from 0 to 1000, "
                                  "e.g. \"-- pgshift:retries 20\""
                            : quoted + ": \"" + args + "\" is not a whole number from 0 to 1000");
      }
      out.file.retries = value;
    }
  }
  return out;
}

}  // namespace pgshift::core
