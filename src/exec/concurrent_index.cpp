#include "exec/concurrent_index.hpp"

#include <fmt/format.h>

#include <optional>

#include "core/quote.hpp"

namespace pgshift::exec {

namespace {

using Op = sql::IndexTarget::Op;

struct IndexState {
  bool exists = false;
  bool valid = false;
};

Result<IndexState> state_of(db::Session& s, const sql::IndexTarget& t) {
  auto r =
      s.query("SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)",
              {t.qualified()});
  if (!r) {
    return r.status();
  }
  IndexState st;
  st.exists = !r->empty();
  st.valid = st.exists && r->text(0, "valid") == "t";
  return st;
}

// Invalid <index>_ccnew/_ccold copies a failed REINDEX CONCURRENTLY left, as qualified names.
Result<std::vector<std::string>> reindex_leftovers(db::Session& s, const sql::IndexTarget& t) {
  const bool of_table = t.op == Op::reindex_table;
  PGSHIFT_ASSIGN_OR_RETURN(
      auto r,
      s.query(
          "SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_index i "
          "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
          "WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$' AND " +
              std::string(of_table
                              ? "i.indrelid = to_regclass($1)"
                              : "i.indrelid = (SELECT indrelid FROM pg_index WHERE indexrelid = "
                                "to_regclass($1)) AND left(c.relname, length($2)) = $2"),
          of_table ? std::vector<db::Param>{t.qualified()}
                   : std::vector<db::Param>{t.qualified(), t.name}));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    out.push_back(r.text(i, "name"));
  }
  return out;
}

void say(Context& ctx, const Step& step, Level level, const std::string& message) {
  if (ctx.sink) {
    ctx.sink(Event{"index_care", level, step.id + ": " + message, {}}.with("step", step.id));
  }
}

// DROP INDEX CONCURRENTLY IF EXISTS, with no lock_timeout: its lock does not block traffic.
Status drop_concurrently(Context& ctx, const std::string& qualified) {
  return ctx.session.exec("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
}

Status drop_reindex_leftovers(Context& ctx, const Step& step, const sql::IndexTarget& t) {
  PGSHIFT_ASSIGN_OR_RETURN(auto left, reindex_leftovers(ctx.session, t));
  for (const auto& name : left) {
    say(ctx, step, Level::warning,
        "dropping " + name + ", an invalid copy left by an interrupted REINDEX CONCURRENTLY");
    PGSHIFT_TRY(drop_concurrently(ctx, name));
  }
  return Status::ok();
}

Status create(Context& ctx, const Step& step, const sql::IndexTarget& t,
              const std::function<Status()>& execute) {
  if (t.name.empty()) {
    // PostgreSQL picks the name, so a leftover cannot be found: name your indexes.
    return execute();
  }
  const std::string q = t.qualified();
  PGSHIFT_ASSIGN_OR_RETURN(auto before, state_of(ctx.session, t));
  if (before.exists && before.valid && t.if_not_exists) {
    say(ctx, step, Level::info, "index " + q + " already exists and is valid: nothing to do");
    return Status::ok();
  }
  if (before.exists && !before.valid) {
    say(ctx, step, Level::warning,
        "index " + q +
            " exists but is invalid (left by an earlier attempt): dropping it "
            "concurrently and building it again");
    PGSHIFT_TRY(drop_concurrently(ctx, q));
  }
  Status s = execute();
  auto after = state_of(ctx.session, t);
  if (!after) {
    return s.is_ok() ? after.status() : s;
  }
  if (after->exists && !after->valid) {
    say(ctx, step, Level::warning, "dropping the invalid index " + q + " the failed build left");
    Status d = drop_concurrently(ctx, q);
    if (!d) {
      return Status::error(Code::failed, fmt::format("{}; and the invalid index {} it left could "
                                                     "not be dropped: {}",
                                                     s.is_ok() ? "index build failed" : s.message(),
                                                     q, d.message()));
    }
    if (s) {
      return Status::error(Code::failed,
                           fmt::format("index {} was invalid after CREATE INDEX CONCURRENTLY "
                                       "reported success; it has been dropped",
                                       q));
    }
    return s;
  }
  if (s && !after->exists) {
    return Status::error(Code::failed, fmt::format("index {} does not exist after its build", q));
  }
  return s;
}

Status reindex(Context& ctx, const Step& step, const sql::IndexTarget& t,
               const std::function<Status()>& execute) {
  PGSHIFT_TRY(drop_reindex_leftovers(ctx, step, t));
  Status s = execute();
  if (!s) {
    Status cleanup = drop_reindex_leftovers(ctx, step, t);
    if (!cleanup) {
      return Status::error(s.code(), s.message() + "; cleaning up: " + cleanup.message())
          .with_sqlstate(s.sqlstate());
    }
  }
  return s;
}

Status drop(Context& ctx, const Step& step, const sql::IndexTarget& t,
            const std::function<Status()>& execute) {
  Status s = execute();
  if (!s && !t.name.empty()) {
    auto st = state_of(ctx.session, t);
    if (st && st->exists && !st->valid) {
      say(ctx, step, Level::warning,
          "index " + t.qualified() +
              " is left invalid by the failed drop; the next run of this "
              "step finishes dropping it");
    }
  }
  return s;
}

}  // namespace

Status run_concurrent_index(Context& ctx, const Step& step,
                            const std::function<Status()>& execute) {
  const sql::IndexTarget& t = *step.concurrent_index;
  switch (t.op) {
    case Op::create:
      return create(ctx, step, t, execute);
    case Op::drop:
      return drop(ctx, step, t, execute);
    case Op::reindex_index:
    case Op::reindex_table:
      return reindex(ctx, step, t, execute);
  }
  return execute();
}

}  // namespace pgshift::exec
