#include "core/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/duration.hpp"
#include "core/layout.hpp"
#include "core/position.hpp"
#include "core/read_file.hpp"
#include "core/toml_depth.hpp"

namespace pgshift::core {

namespace fs = std::filesystem;

namespace {

// A layout id of the registry, or "auto"; `what` names where it was written.
Status check_layout(const std::string& id, const std::string& what) {
  if (id == "auto" || find_layout(id)) {
    return Status::ok();
  }
  return Status::error(Code::invalid_input, what + ": unknown layout \"" + id +
                                                "\" (known: auto, " + layout_ids() + ")");
}

constexpr int k_max_retries = 1000;  // the same bound as the retries directive

Position position(const toml::source_region& r) {
  return {std::max(1, static_cast<int>(r.begin.line)),
          std::max(1, static_cast<int>(r.begin.column))};
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::optional<ChecksumMode> parse_checksum(std::string_view s) {
  if (s == "normalized") {
    return ChecksumMode::normalized;
  }
  if (s == "exact") {
    return ChecksumMode::exact;
  }
  return std::nullopt;
}

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

// ${NAME} -> the variable's value; $${ -> a literal "${". Any other '$' is kept as written,
// so that passwords and dollar-quoted text pass through.
Result<std::string> expand_vars(std::string_view s, const EnvLookup& env) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.substr(i, 3) == "$${") {
      out += "${";
      i += 3;
      continue;
    }
    if (s.substr(i, 2) != "${") {
      out.push_back(s[i]);
      ++i;
      continue;
    }
    std::size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Status::error(Code::invalid_input,
                           "unterminated \"${\" (write ${NAME}, or $${ for a literal \"${\")");
    }
    std::string name(s.substr(i + 2, close - i - 2));
    if (name.empty() || !is_name_start(name.front()) ||
        !std::all_of(name.begin(), name.end(), is_name_char)) {
      return Status::error(Code::invalid_input, "invalid environment variable name \"" + name +
                                                    "\" in \"${" + name + "}\"");
    }
    std::optional<std::string> value = env(name);
    if (!value) {
      return Status::error(Code::invalid_input, "environment variable \"" + name +
                                                    "\" is not set (used as ${" + name + "})");
    }
    out += *value;
    i = close + 1;
  }
  return out;
}

// Reads one pgshift.toml document onto an Options value.
class TomlReader {
 public:
  TomlReader(const std::string& path, const EnvLookup& env, Options& into)
      : m_path(path), m_env(env), m_into(into) {}

  bool dir_set() const { return m_dir_set; }

  Status read(const toml::table& root) {
    for (const auto& [key, node] : entries(root)) {
      const std::string k(key->str());
      if (k == "database_url") {
        PGSHIFT_TRY(string_value(*node, quoted(k, ""), m_into.database_url));
      } else if (k == "dir") {
        PGSHIFT_TRY(string_value(*node, quoted(k, ""), m_into.dir));
        if (m_into.dir.empty()) {
          return error(*node, "\"dir\" must not be empty");
        }
        m_dir_set = true;
      } else if (k == "layout") {
        std::string s;
        PGSHIFT_TRY(string_value(*node, quoted(k, ""), s));
        Status ok = check_layout(s, "layout");
        if (!ok) {
          return error(*node, ok.message());
        }
        m_into.layout = s;
      } else if (k == "history_schema") {
        std::string s;
        PGSHIFT_TRY(string_value(*node, quoted(k, ""), s));
        Status ok = check_schema_name(s, "history_schema");
        if (!ok) {
          return error(*node, ok.message());
        }
        m_into.history_schema = s;
      } else if (k == "checksum") {
        std::string s;
        PGSHIFT_TRY(string_value(*node, quoted(k, ""), s));
        std::optional<ChecksumMode> mode = parse_checksum(s);
        if (!mode) {
          return error(*node,
                       "\"checksum\" must be \"normalized\" or \"exact\", not \"" + s + "\"");
        }
        m_into.checksum_mode = *mode;
      } else if (k == "lock") {
        PGSHIFT_TRY(read_lock(*node));
      } else if (k == "ddl") {
        PGSHIFT_TRY(read_ddl(*node));
      } else if (k == "backfill") {
        PGSHIFT_TRY(read_backfill(*node));
      } else if (k == "lint") {
        PGSHIFT_TRY(read_lint(*node));
      } else if (k == "adopt") {
        PGSHIFT_TRY(read_adopt(*node));
      } else if (k == "report") {
        PGSHIFT_TRY(read_report(*node));
      } else {
        return error(*key, "unknown key \"" + k +
                               "\" at the top level (known: database_url, dir, layout, "
                               "history_schema, checksum, [lock], [ddl], [backfill], [lint], "
                               "[adopt], [report])");
      }
    }
    return Status::ok();
  }

 private:
  using Entry = std::pair<const toml::key*, const toml::node*>;

  // In file order, so that the first mistake in the file is the one reported.
  static std::vector<Entry> entries(const toml::table& t) {
    std::vector<Entry> out;
    for (const auto& [k, v] : t) {
      out.emplace_back(&k, &v);
    }
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) {
      const auto& pa = a.first->source().begin;
      const auto& pb = b.first->source().begin;
      return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
    });
    return out;
  }

  static std::string quoted(const std::string& key, const std::string& table) {
    return "\"" + key + "\"" + (table.empty() ? "" : " in [" + table + "]");
  }

  template <typename Located>
  Status error(const Located& where, const std::string& message) const {
    return input_error(m_path, position(where.source()), message);
  }

  Status string_value(const toml::node& n, const std::string& what, std::string& out) const {
    const auto* s = n.as_string();
    if (s == nullptr) {
      return error(n, what + " must be a string, not " + type_name(n));
    }
    Result<std::string> expanded = expand_vars(s->get(), m_env);
    if (!expanded) {
      return error(n, what + ": " + expanded.status().message());
    }
    out = std::move(*expanded);
    return Status::ok();
  }

  Status duration_value(const toml::node& n, const std::string& what, Millis& out) const {
    std::string s;
    PGSHIFT_TRY(string_value(n, what, s));
    Result<Millis> d = parse_duration(s);
    if (!d) {
      return error(n, what + ": " + d.status().message());
    }
    out = *d;
    return Status::ok();
  }

  Status bool_value(const toml::node& n, const std::string& what, bool& out) const {
    const auto* b = n.as_boolean();
    if (b == nullptr) {
      return error(n, what + " must be true or false, not " + type_name(n));
    }
    out = b->get();
    return Status::ok();
  }

  const toml::table* table_of(const toml::node& n, const std::string& name, Status& st) const {
    const toml::table* t = n.as_table();
    if (t == nullptr) {
      st = error(n, "\"" + name + "\" must be a table ([" + name + "]), not " + type_name(n));
    }
    return t;
  }

  Status read_report(const toml::node& n) {
    Status st;
    const toml::table* t = table_of(n, "report", st);
    if (t == nullptr) {
      return st;
    }
    for (const auto& [key, node] : entries(*t)) {
      const std::string k(key->str());
      if (k == "other_queries") {
        PGSHIFT_TRY(bool_value(*node, quoted(k, "report"), m_into.report.other_queries));
      } else {
        return error(*key, "unknown key \"" + k + "\" in [report] (known: other_queries)");
      }
    }
    return Status::ok();
  }

  Status read_lock(const toml::node& n) {
    Status st;
    const toml::table* t = table_of(n, "lock", st);
    if (t == nullptr) {
      return st;
    }
    for (const auto& [key, node] : entries(*t)) {
      const std::string k(key->str());
      if (k == "wait") {
        PGSHIFT_TRY(duration_value(*node, quoted(k, "lock"), m_into.lock_wait));
      } else {
        return error(*key, "unknown key \"" + k + "\" in [lock] (known: wait)");
      }
    }
    return Status::ok();
  }

  Status read_ddl(const toml::node& n) {
    Status st;
    const toml::table* t = table_of(n, "ddl", st);
    if (t == nullptr) {
      return st;
    }
    auto& ddl = m_into.ddl;
    const std::pair<const char*, Millis*> durations[] = {
        {"lock_timeout", &ddl.lock_timeout},
        {"lock_timeout_max", &ddl.lock_timeout_max},
        {"retry_sleep", &ddl.retry_sleep},
        {"retry_sleep_max", &ddl.retry_sleep_max},
        {"preflight_threshold", &ddl.preflight_threshold},
        {"preflight_wait", &ddl.preflight_wait},
    };
    bool max_set = false;
    for (const auto& [key, node] : entries(*t)) {
      const std::string k(key->str());
      max_set = max_set || k == "lock_timeout_max";
      Millis* target = nullptr;
      for (const auto& [name, field] : durations) {
        if (k == name) {
          target = field;
        }
      }
      if (target != nullptr) {
        PGSHIFT_TRY(duration_value(*node, quoted(k, "ddl"), *target));
        if ((k == "lock_timeout" || k == "lock_timeout_max") && target->count() == 0) {
          // lock_timeout = 0 means "wait forever" to PostgreSQL: the one thing never wanted.
          return error(*node, quoted(k, "ddl") + " must be at least 1ms");
        }
      } else if (k == "statement_timeout") {
        Millis d{0};
        PGSHIFT_TRY(duration_value(*node, quoted(k, "ddl"), d));
        ddl.statement_timeout = d;
      } else if (k == "retries") {
        const auto* i = node->as_integer();
        if (i == nullptr) {
          return error(*node, quoted(k, "ddl") + " must be an integer, not " + type_name(*node));
        }
        if (i->get() < 0 || i->get() > k_max_retries) {
          return error(*node, quoted(k, "ddl") + " must be a whole number from 0 to " +
                                  std::to_string(k_max_retries));
        }
        ddl.retries = static_cast<int>(i->get());
      } else {
        return error(*key, "unknown key \"" + k +
                               "\" in [ddl] (known: lock_timeout, lock_timeout_max, retry_sleep, "
                               "retry_sleep_max, retries, statement_timeout, "
                               "preflight_threshold, preflight_wait)");
      }
    }
    if (ddl.lock_timeout_max < ddl.lock_timeout) {
      if (max_set) {
        return error(*t, "[ddl] lock_timeout_max must not be below lock_timeout");
      }
      ddl.lock_timeout_max = ddl.lock_timeout;  // "lock_timeout = 2s" alone: every rung 2s
    }
    return Status::ok();
  }

  Status read_backfill(const toml::node& n) {
    Status st;
    const toml::table* t = table_of(n, "backfill", st);
    if (t == nullptr) {
      return st;
    }
    auto& b = m_into.backfill;
    const std::pair<const char*, int*> counts[] = {
        {"batch_size", &b.batch_size},
        {"min_batch_size", &b.min_batch_size},
        {"max_batch_size", &b.max_batch_size},
    };
    const std::pair<const char*, Millis*> durations[] = {
        {"target_batch_time", &b.target_batch_time},
        {"statement_timeout", &b.statement_timeout},
        {"max_replication_lag", &b.max_replication_lag},
        {"max_lock_wait", &b.max_lock_wait},
        {"max_autovacuum_pause", &b.max_autovacuum_pause},
    };
    for (const auto& [key, node] : entries(*t)) {
      const std::string k(key->str());
      const std::string what = quoted(k, "backfill");
      bool known = false;
      for (const auto& [name, field] : counts) {
        if (k == name) {
          known = true;
          const auto* i = node->as_integer();
          if (i == nullptr || i->get() < 1 || i->get() > 10'000'000) {
            return error(*node, what + " must be a whole number of rows from 1 to 10000000");
          }
          *field = static_cast<int>(i->get());
        }
      }
      for (const auto& [name, field] : durations) {
        if (k == name) {
          known = true;
          PGSHIFT_TRY(duration_value(*node, what, *field));
          if (k == "statement_timeout" && field->count() == 0) {
            return error(*node, what + " must be at least 1ms (a batch must never run unbounded)");
          }
        }
      }
      if (known) {
        continue;
      }
      if (k == "sleep") {
        // "50ms" (fixed) or "20%" (of each batch's duration).
        const auto* text = node->as_string();
        if (text != nullptr && !text->get().empty() && text->get().back() == '%') {
          std::optional<double> fraction = parse_percent(text->get());
          if (!fraction) {
            return error(*node, what +
                                    " must be a duration (\"50ms\") or a percentage of the "
                                    "batch time (\"20%\")");
          }
          b.sleep = Millis{0};
          b.sleep_fraction = *fraction;
        } else {
          PGSHIFT_TRY(duration_value(*node, what, b.sleep));
          b.sleep_fraction = 0;
        }
      } else if (k == "sleep_under_load") {
        const auto* text = node->as_string();
        std::optional<double> fraction = text ? parse_percent(text->get()) : std::nullopt;
        if (!fraction) {
          return error(*node, what + " must be a percentage of the batch time (\"100%\")");
        }
        b.sleep_under_load = *fraction;
      } else if (k == "pause_on_autovacuum") {
        PGSHIFT_TRY(bool_value(*node, what, b.pause_on_autovacuum));
      } else {
        return error(
            *key,
            "unknown key \"" + k +
                "\" in [backfill] (known: batch_size, min_batch_size, "
                "max_batch_size, target_batch_time, sleep, sleep_under_load, statement_timeout, "
                "max_replication_lag, pause_on_autovacuum, max_autovacuum_pause, "
                "max_lock_wait)");
      }
    }
    if (b.max_batch_size < b.min_batch_size) {
      return error(*t, "[backfill] max_batch_size must not be below min_batch_size");
    }
    return Status::ok();
  }

  // "pgshift.toml:12:3": where a rule id was written, for the runner's unknown-id error (core
  // does not know the lint rules).
  template <typename Located>
  std::string origin(const Located& where) const {
    const Position p = position(where.source());
    return m_path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
  }

  // [adopt]: the values are checked where the history is read (the tool against the readers'
  // registry, the table against the database), so their origins are kept for those errors.
  Status read_adopt(const toml::node& n) {
    Status st;
    const toml::table* t = table_of(n, "adopt", st);
    if (t == nullptr) {
      return st;
    }
    AdoptOptions& adopt = m_into.adopt;
    for (const auto& [key, node] : entries(*t)) {
      const std::string k(key->str());
      if (k == "from") {
        PGSHIFT_TRY(string_value(*node, quoted(k, "adopt"), adopt.from));
        adopt.from_origin = origin(*node);
      } else if (k == "table") {
        PGSHIFT_TRY(string_value(*node, quoted(k, "adopt"), adopt.table));
        adopt.table_origin = origin(*node);
      } else {
        return error(*key, "unknown key \"" + k + "\" in [adopt] (known: from, table)");
      }
    }
    return Status::ok();
  }

  Status read_lint(const toml::node& n) {
    Status st;
    const toml::table* t = table_of(n, "lint", st);
    if (t == nullptr) {
      return st;
    }
    LintOptions& lint = m_into.lint;
    for (const auto& [key, node] : entries(*t)) {
      const std::string k(key->str());
      if (k == "disabled") {
        const toml::array* a = node->as_array();
        if (a == nullptr) {
          return error(
              *node, quoted(k, "lint") + " must be an array of rule ids, not " + type_name(*node));
        }
        for (const toml::node& item : *a) {
          std::string id;
          PGSHIFT_TRY(string_value(item, quoted(k, "lint") + " item", id));
          lint.disabled.push_back(id);
          lint.rule_origins.emplace(id, origin(item));
        }
      } else if (k == "severity") {
        const toml::table* sev = node->as_table();
        if (sev == nullptr) {
          return error(*node, "\"severity\" in [lint] must be a table ([lint.severity]), not " +
                                  type_name(*node));
        }
        for (const auto& [rule_key, value] : entries(*sev)) {
          const std::string id(rule_key->str());
          std::string level;
          PGSHIFT_TRY(string_value(*value, quoted(id, "lint.severity"), level));
          if (level != "error" && level != "warning" && level != "off") {
            return error(*value, quoted(id, "lint.severity") +
                                     " must be \"error\", \"warning\" or \"off\", not \"" + level +
                                     "\"");
          }
          lint.severity[id] = level;
          lint.rule_origins.emplace(id, origin(*rule_key));
        }
      } else if (k == "pg_version") {
        std::optional<int> v;
        if (const auto* i = node->as_integer()) {
          v = parse_pg_version(std::to_string(i->get()));
        } else if (const auto* s = node->as_string()) {
          v = parse_pg_version(s->get());
        } else {
          return error(*node, quoted(k, "lint") + " must be a string or an integer, not " +
                                  type_name(*node));
        }
        if (!v) {
          return error(*node, quoted(k, "lint") + ": " + k_pg_version_help);
        }
        lint.pg_version = *v;
      } else if (k == "small_table_rows") {
        const auto* i = node->as_integer();
        if (i == nullptr || i->get() < 0) {
          return error(*node, quoted(k, "lint") + " must be a whole number of rows (0 or more)");
        }
        lint.small_table_rows = i->get();
      } else if (k == "standalone") {
        PGSHIFT_TRY(bool_value(*node, quoted(k, "lint"), lint.standalone));
      } else {
        return error(*key, "unknown key \"" + k +
                               "\" in [lint] (known: disabled, severity, pg_version, "
                               "small_table_rows, standalone)");
      }
    }
    return Status::ok();
  }

  const std::string& m_path;
  const EnvLookup& m_env;
  Options& m_into;
  bool m_dir_set = false;
};

Status syntax_error(const toml::parse_error& e, const std::string& path) {
  std::string message(e.description());
  // toml++ capitalises its descriptions; pgshift's messages start lowercase.
  if (!message.empty() && message[0] >= 'A' && message[0] <= 'Z' &&
      (message.size() < 2 || !(message[1] >= 'A' && message[1] <= 'Z'))) {
    message[0] = static_cast<char>(message[0] - 'A' + 'a');
  }
  return input_error(path, position(e.source()), message);
}

// apply_toml, also telling whether the document set `dir`.
Status apply_toml_impl(const std::string& text, const std::string& path, const EnvLookup& env,
                       Options& into, bool& dir_set) {
  PGSHIFT_TRY(check_toml_depth(text, path));
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return syntax_error(e, path);
  }
  Options result = into;  // `into` is left untouched on error
  TomlReader reader(path, env, result);
  PGSHIFT_TRY(reader.read(root));
  dir_set = reader.dir_set();
  into = std::move(result);
  return Status::ok();
}

Result<std::string> read_file(const std::string& path) {
  Result<std::string> text = read_file_limited(path, k_max_config_file_bytes);
  if (!text) {
    return text.status().context("config file \"" + path + "\"");
  }
  return text;
}

}  // namespace

const char* const k_pg_version_help =
    "write a PostgreSQL major version (\"15\", \"9.6\"), a release (\"15.4\") or a "
    "server_version_num (150004)";

// "15" -> 150000, "15.4" -> 150004, "9.6" -> 90600, "9.6.3" -> 90603, "150004" -> 150004.
std::optional<int> parse_pg_version(std::string_view s) {
  std::vector<long> parts;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = i;
    long n = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9' && j - i < 7) {
      n = n * 10 + (s[j] - '0');
      ++j;
    }
    if (j == i) {
      return std::nullopt;
    }
    parts.push_back(n);
    if (j == s.size()) {
      break;
    }
    if (s[j] != '.' || parts.size() == 3) {
      return std::nullopt;
    }
    i = j + 1;
  }
  if (parts.empty()) {
    return std::nullopt;
  }
  const long major = parts[0];
  if (parts.size() == 1 && major >= 90000 && major < 1000000) {
    return static_cast<int>(major);  // already a server_version_num
  }
  if (major >= 10 && major < 100 && parts.size() <= 2) {
    return static_cast<int>(major * 10000 + (parts.size() > 1 ? parts[1] : 0));
  }
  if (major == 9 && parts.size() >= 2 && parts[1] < 10) {
    return static_cast<int>(90000 + parts[1] * 100 + (parts.size() > 2 ? parts[2] : 0));
  }
  return std::nullopt;
}

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) {
      return std::nullopt;
    }
    return std::string(v);
  };
}

Status apply_toml(const std::string& text, const std::string& path, const EnvLookup& env,
                  Options& into) {
  bool dir_set = false;
  return apply_toml_impl(text, path, env, into, dir_set);
}

Status check_toml_syntax(const std::string& text, const std::string& path) {
  PGSHIFT_TRY(check_toml_depth(text, path));
  try {
    (void)toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    return syntax_error(e, path);
  }
  return Status::ok();
}

Status check_schema_name(const std::string& name, const std::string& what) {
  const std::string prefix = what.empty() ? "" : what + ": ";
  bool valid =
      !name.empty() && name.size() <= 63 && is_name_start(name.front()) &&
      std::all_of(name.begin(), name.end(), [](char c) { return is_name_char(c) || c == '$'; });
  if (!valid) {
    return Status::error(Code::invalid_input,
                         prefix + "invalid schema name \"" + name +
                             "\": use letters, digits, _ and $, starting with a letter or _, "
                             "at most 63 bytes");
  }
  if (name.rfind("pg_", 0) == 0) {
    return Status::error(Code::invalid_input, prefix + "invalid schema name \"" + name +
                                                  "\": names starting with \"pg_\" are "
                                                  "reserved by PostgreSQL");
  }
  return Status::ok();
}

Result<Options> load_options(const std::optional<std::string>& config_path, bool config_required,
                             const FlagOverrides& flags, const EnvLookup& env) {
  Options o;

  // 1. The file (none at all when config_path is nullopt).
  const std::string path = config_path.value_or("");
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (path.empty()) {
    // no config file
  } else if (!fs::exists(st)) {
    if (config_required) {
      return Status::error(Code::invalid_input, "config file \"" + path + "\" does not exist");
    }
  } else if (fs::is_directory(st)) {
    return Status::error(Code::invalid_input, "config file \"" + path + "\" is a directory");
  } else {
    Result<std::string> text = read_file(path);
    if (!text) {
      return text.status();
    }
    bool dir_set = false;
    PGSHIFT_TRY(apply_toml_impl(*text, path, env, o, dir_set));
    // A relative dir in a config file means next to that file, wherever pgshift runs from.
    fs::path base = fs::path(path).parent_path();
    if (dir_set && fs::path(o.dir).is_relative() && !base.empty() && base != ".") {
      o.dir = (base / o.dir).string();
    }
  }

  // 2. The environment. An empty variable counts as unset (CI systems often define them empty).
  auto var = [&](const std::string& name) -> std::optional<std::string> {
    std::optional<std::string> v = env(name);
    if (v && v->empty()) {
      return std::nullopt;
    }
    return v;
  };
  if (auto v = var("PGSHIFT_DATABASE_URL")) {
    o.database_url = *v;
  } else if (auto w = var("DATABASE_URL")) {
    o.database_url = *w;
  }
  if (auto v = var("PGSHIFT_DIR")) {
    o.dir = *v;
  }
  if (auto v = var("PGSHIFT_LAYOUT")) {
    PGSHIFT_TRY(check_layout(*v, "PGSHIFT_LAYOUT"));
    o.layout = *v;
  }
  if (auto v = var("PGSHIFT_HISTORY_SCHEMA")) {
    PGSHIFT_TRY(check_schema_name(*v, "PGSHIFT_HISTORY_SCHEMA"));
    o.history_schema = *v;
  }
  if (auto v = var("PGSHIFT_LOCK_WAIT")) {
    Result<Millis> d = parse_duration(*v);
    if (!d) {
      return d.status().context("PGSHIFT_LOCK_WAIT");
    }
    o.lock_wait = *d;
  }

  // 3. The flags.
  if (flags.database_url) {
    o.database_url = *flags.database_url;
  }
  if (flags.dir) {
    if (flags.dir->empty()) {
      return Status::error(Code::invalid_input, "--dir: must not be empty");
    }
    o.dir = *flags.dir;
  }
  if (flags.layout) {
    PGSHIFT_TRY(check_layout(*flags.layout, "--layout"));
    o.layout = *flags.layout;
  }
  if (flags.history_schema) {
    PGSHIFT_TRY(check_schema_name(*flags.history_schema, "--history-schema"));
    o.history_schema = *flags.history_schema;
  }
  if (flags.checksum) {
    std::optional<ChecksumMode> mode = parse_checksum(*flags.checksum);
    if (!mode) {
      return Status::error(
          Code::invalid_input,
          "--checksum: must be \"normalized\" or \"exact\", not \"" + *flags.checksum + "\"");
    }
    o.checksum_mode = *mode;
  }
  if (flags.lock_wait) {
    Result<Millis> d = parse_duration(*flags.lock_wait);
    if (!d) {
      return d.status().context("--lock-wait");
    }
    o.lock_wait = *d;
  }
  if (flags.adopt_from) {
    o.adopt.from = *flags.adopt_from;
    o.adopt.from_origin = "--adopt-from";
  }
  if (flags.adopt_table) {
    o.adopt.table = *flags.adopt_table;
    o.adopt.table_origin = "--adopt-table";
  }
  return o;
}

}  // namespace pgshift::core
