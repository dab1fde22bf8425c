// raw_sql: SQL of the migration's own, for what no operation expresses. Each statement is one
// step, classified by the parser like a statement of a SQL migration (its locks, a CONCURRENTLY
// index the executor checks and rebuilds).
//
// expand    the `up` statements, in order (unless on_complete)
// contract  the `up` statements when on_complete = true, else nothing
// rollback  the `down` statements, in order (nothing when on_complete: `up` has not run)
//
// raw_sql cannot tell the model what it changed: the version schema's views do not show its
// changes, and its statements must be re-runnable (IF NOT EXISTS ...), because a crashed phase
// runs again from its first step.
#include <fmt/format.h>

#include <algorithm>

#include "core/position.hpp"
#include "ops/registry.hpp"
#include "sql/parse.hpp"

namespace pgshift::ops {

namespace {

class RawSql final : public Operation {
 public:
  std::vector<sql::Statement> up;
  std::vector<sql::Statement> down;
  bool on_complete = false;

  // What it changes is unknown: it conflicts with nothing.
  std::vector<Target> targets() const override { return {}; }

  Status apply(Model&, const Env&) const override { return Status::ok(); }

  static void add(const std::vector<sql::Statement>& stmts, const char* label, Steps& out) {
    int n = 0;
    for (const sql::Statement& st : stmts) {
      out.statement(fmt::format("{}_{}", label, ++n), st);
    }
  }

  void expand(const Models&, Steps& out) const override {
    if (!on_complete) {
      add(up, "up", out);
    }
  }
  void contract(const Models&, Steps& out) const override {
    if (on_complete) {
      add(up, "up", out);
    }
  }
  void rollback(const Models&, Steps& out) const override { add(down, "down", out); }
};

// The statements of field `key` (a string), split and classified by the real parser, with
// their lines in the operations file. Refused: syntax errors and psql meta-commands (by the
// parser), transaction control, and a field without a statement.
Result<std::vector<sql::Statement>> statements(Fields& f, const char* key,
                                               const std::string& text) {
  const core::TomlNode* node = nullptr;
  for (const auto& [k, v] : f.node().fields) {
    if (k == key) {
      node = &v;
    }
  }
  core::Section section;
  section.path = f.path();
  section.text = text;
  section.first_line = node->pos.line;
  // A multi-line string whose first newline TOML trimmed starts on the line below its quotes.
  const int span = node->end.line - node->pos.line;
  const int newlines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  section.first_line += std::max(0, span - newlines);
  auto stmts = sql::parse_section(section);
  if (!stmts) {
    return stmts.status();
  }
  if (stmts->empty()) {
    return f.error(*node, fmt::format("\"{}\" holds no SQL statement", key));
  }
  for (const sql::Statement& st : *stmts) {
    if (st.tx != sql::TxControl::none) {
      return core::input_error(
          f.path(), {st.line, st.column},
          fmt::format("raw_sql: transaction control (\"{}\") is not allowed in \"{}\": each "
                      "statement runs as its own step, in its own transaction",
                      st.text.substr(0, 40), key));
    }
  }
  return stmts;
}

Result<std::unique_ptr<Operation>> read(Fields& f) {
  auto op = std::make_unique<RawSql>();
  std::optional<std::string> up;
  std::optional<std::string> down;
  PGSHIFT_TRY(f.text("up", up));
  PGSHIFT_TRY(f.text("down", down));
  PGSHIFT_TRY(f.boolean("on_complete", op->on_complete));
  if (!up) {
    return f.missing("up");
  }
  if (!down && !op->on_complete) {
    return f.error(f.node(),
                   "\"down\" is required (the SQL that undoes \"up\" on rollback); only "
                   "on_complete = true, which runs \"up\" at complete, goes without it");
  }
  if (down && op->on_complete) {
    return f.error(f.node(),
                   "\"down\" with on_complete = true would never run: \"up\" runs at "
                   "complete, after which there is no rollback");
  }
  auto u = statements(f, "up", *up);
  if (!u) {
    return u.status();
  }
  op->up = std::move(u).value();
  if (down) {
    auto d = statements(f, "down", *down);
    if (!d) {
      return d.status();
    }
    op->down = std::move(d).value();
  }
  return std::unique_ptr<Operation>(std::move(op));
}

}  // namespace

namespace kinds {
extern const Kind raw_sql{
    "raw_sql", "run SQL of your own at expand (or complete), with `down` for rollback", &read};
}  // namespace kinds

}  // namespace pgshift::ops
