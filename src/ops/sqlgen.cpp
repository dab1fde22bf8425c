#include "ops/sqlgen.hpp"

#include <fmt/format.h>

#include "core/quote.hpp"

namespace pgshift::ops::gen {

std::string q(const std::string& ident) {
  return core::quote_ident(ident);
}

std::string lit(const std::string& s) {
  return core::quote_literal(s);
}

namespace {

// A DO block. Its body holds names (in identifiers and literals), so its dollar quote is one the
// body does not contain.
std::string do_block(const std::string& body) {
  return "DO " + core::dollar_quote(body);
}

}  // namespace

std::string when(const std::string& condition, const std::string& inner) {
  return do_block(fmt::format(" BEGIN\n  IF {} THEN\n    {};\n  END IF;\nEND ", condition, inner));
}

std::string column_exists(const Env& env, const std::string& table, const std::string& column) {
  return fmt::format(
      "EXISTS (SELECT FROM pg_attribute WHERE attrelid = to_regclass({}) AND attname = {} AND "
      "NOT attisdropped)",
      lit(env.qualified(table)), lit(column));
}

std::string constraint_exists(const Env& env, const std::string& table, const std::string& name) {
  return fmt::format(
      "EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass({}) AND "
      "conname = {})",
      lit(env.qualified(table)), lit(name));
}

std::string relation_exists(const Env& env, const std::string& relation) {
  return fmt::format("to_regclass({}) IS NOT NULL", lit(env.qualified(relation)));
}

std::string not_null_check(const Env& env, const std::string& table, const std::string& check,
                           const std::string& column) {
  return fmt::format("ALTER TABLE {} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID",
                     env.qualified(table), q(check), q(column));
}

std::string add_not_null_check(const Env& env, const std::string& table, const std::string& check,
                               const std::string& column) {
  return when("NOT " + constraint_exists(env, table, check),
              not_null_check(env, table, check, column));
}

std::string validate_constraint(const Env& env, const std::string& table,
                                const std::string& constraint) {
  return fmt::format("ALTER TABLE {} VALIDATE CONSTRAINT {}", env.qualified(table), q(constraint));
}

std::string set_not_null(const Env& env, const std::string& table, const std::string& column,
                         const std::string& check) {
  const std::string t = env.qualified(table);
  return fmt::format(
      "ALTER TABLE {0} ALTER COLUMN {1} SET NOT NULL;\nALTER TABLE {0} DROP "
      "CONSTRAINT IF EXISTS {2}",
      t, q(column), q(check));
}

std::string create_version_schema(const Env& env) {
  const std::string base = lit(env.schema);
  const std::string prefix = lit(env.schema + "_");
  const std::string& v = env.version;
  // The version number in a version schema's name "<schema>_<version>_<name>", or NULL.
  const std::string number_of = fmt::format(
      "CASE WHEN left({{0}}, length({0})) = {0} AND substr({{0}}, length({0}) + 1) ~ "
      "'^[0-9]+_' THEN substring(substr({{0}}, length({0}) + 1) FROM '^([0-9]+)_')::numeric END",
      prefix);
  const std::string body = fmt::format(
      "\n"
      "DECLARE\n"
      "  setting text := coalesce(current_setting('pgshift.version', true), '');\n"
      "  s text;\n"
      "  n numeric;\n"
      "BEGIN\n"
      "  IF setting <> '' THEN\n"
      "    IF setting ~ '^[0-9]+$' THEN\n"
      "      RETURN setting::numeric >= {v};\n"
      "    END IF;\n"
      "    IF setting = {base} THEN\n"
      "      RETURN false;\n"
      "    END IF;\n"
      "    n := {num_setting};\n"
      "    IF n IS NULL THEN\n"
      "      RAISE EXCEPTION 'pgshift.version \"%\" names no version of schema \"%\": set it to a "
      "migration version such as {v}, or to a version schema name', setting, {base};\n"
      "    END IF;\n"
      "    RETURN n >= {v};\n"
      "  END IF;\n"
      "  FOREACH s IN ARRAY current_schemas(false)::text[] LOOP\n"
      "    IF s = {base} THEN\n"
      "      RETURN false;\n"
      "    END IF;\n"
      "    n := {num_s};\n"
      "    IF n IS NOT NULL THEN\n"
      "      RETURN n >= {v};\n"
      "    END IF;\n"
      "  END LOOP;\n"
      "  RETURN false;\n"
      "END ",
      fmt::arg("v", v), fmt::arg("base", base),
      fmt::arg("num_setting", fmt::format(fmt::runtime(number_of), "setting")),
      fmt::arg("num_s", fmt::format(fmt::runtime(number_of), "s")));
  return fmt::format(
      "CREATE SCHEMA IF NOT EXISTS {};\n"
      "CREATE OR REPLACE FUNCTION {}() RETURNS boolean LANGUAGE plpgsql STABLE AS {}",
      q(env.version_schema), env.vs_function("_pgshift_is_new"), core::dollar_quote(body));
}

namespace {

// DECLARE lines binding each column of `t` (by its name in that version) to NEW's value.
std::string variables(const Env& env, const Table& t) {
  std::string out;
  for (const Column& c : t.columns) {
    out += fmt::format("    {} {}.{}.{}%TYPE := NEW.{};\n", q(c.name), q(env.schema), q(t.physical),
                       q(c.physical), q(c.physical));
  }
  return out;
}

std::string assignments(const std::vector<Assignment>& list) {
  std::string out;
  for (const Assignment& a : list) {
    std::string condition;
    if (a.only_if_null) {
      condition = fmt::format("NEW.{} IS NULL", q(a.target));
    }
    if (!a.only_if.empty()) {
      condition += (condition.empty() ? "(" : " AND (") + a.only_if + ")";
    }
    if (!condition.empty()) {
      out += fmt::format("    IF {} THEN\n      NEW.{} := {};\n    END IF;\n", condition,
                         q(a.target), a.expr.sql());
    } else {
      out += fmt::format("    NEW.{} := {};\n", q(a.target), a.expr.sql());
    }
  }
  return out;
}

std::string branch(const Env& env, const Table& t, const std::vector<Assignment>& list) {
  if (list.empty()) {
    return "    NULL;\n";
  }
  return fmt::format("  DECLARE\n{}  BEGIN\n{}  END;\n", variables(env, t), assignments(list));
}

std::string function_name(int ordinal, const std::string& what) {
  std::string n = fmt::format("_pgshift_trigger_{}_{}", ordinal, what);
  return n.size() > 63 ? n.substr(0, 63) : n;
}

}  // namespace

std::string dual_write_trigger(const Env& env, int ordinal, const std::string& what,
                               const Table& old_table, const Table& new_table,
                               const std::vector<Assignment>& to_new,
                               const std::vector<Assignment>& to_old) {
  const std::string fn = env.vs_function(function_name(ordinal, what));
  const std::string body = fmt::format(
      "\n"
      "#variable_conflict use_variable\n"
      "BEGIN\n"
      "  IF {is_new}() THEN\n"
      "{to_old}"
      "  ELSE\n"
      "{to_new}"
      "  END IF;\n"
      "  RETURN NEW;\n"
      "END ",
      fmt::arg("is_new", env.vs_function("_pgshift_is_new")),
      fmt::arg("to_old", branch(env, new_table, to_old)),
      fmt::arg("to_new", branch(env, old_table, to_new)));
  return fmt::format(
      "CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS {body};\n"
      "CREATE OR REPLACE TRIGGER {trg} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW "
      "EXECUTE FUNCTION {fn}()",
      fmt::arg("fn", fn), fmt::arg("body", core::dollar_quote(body)),
      fmt::arg("trg", q(env.trigger_name(ordinal, what))),
      fmt::arg("table", env.qualified(old_table.physical)));
}

std::string drop_trigger(const Env& env, int ordinal, const std::string& what,
                         const std::string& table) {
  return fmt::format("DROP TRIGGER IF EXISTS {} ON {};\nDROP FUNCTION IF EXISTS {}()",
                     q(env.trigger_name(ordinal, what)), env.qualified(table),
                     env.vs_function(function_name(ordinal, what)));
}

std::string create_views(const Env& env, const Model& end) {
  // DROP VIEW IF EXISTS would say NOTICE for every view of a first run.
  std::string out = "SET LOCAL client_min_messages = warning;\n";
  const std::string options = env.server_version >= 150000 ? " WITH (security_invoker = true)" : "";
  for (const Table& t : end.tables) {
    std::string cols;
    for (const Column& c : t.columns) {
      if (!cols.empty()) {
        cols += ", ";
      }
      cols += c.physical == c.name ? q(c.name) : q(c.physical) + " AS " + q(c.name);
    }
    const std::string view = q(env.version_schema) + "." + q(t.name);
    out += fmt::format("DROP VIEW IF EXISTS {0};\nCREATE VIEW {0}{1} AS SELECT {2} FROM {3};\n",
                       view, options, cols.empty() ? "" : cols, env.qualified(t.physical));
    for (const Column& c : t.columns) {
      if (c.view_default) {
        out += fmt::format("ALTER VIEW {} ALTER COLUMN {} SET DEFAULT {};\n", view, q(c.name),
                           *c.view_default);
      }
    }
  }
  out.pop_back();  // the last newline
  out.pop_back();  // and its semicolon: steps hold no trailing semicolon
  return out;
}

std::string rename_index_columns(const Env& env, const std::string& table, const std::string& from,
                                 const std::string& to) {
  return do_block(
      fmt::format(" DECLARE r record; BEGIN\n"
                  "  FOR r IN SELECT i.indexrelid::regclass AS idx FROM pg_index i\n"
                  "           JOIN pg_attribute a ON a.attrelid = i.indexrelid\n"
                  "           WHERE i.indrelid = to_regclass({0}) AND a.attname = {1} LOOP\n"
                  "    EXECUTE format('ALTER TABLE %s RENAME COLUMN %I TO %I', r.idx, {1}, {2});\n"
                  "  END LOOP;\n"
                  "END ",
                  lit(env.qualified(table)), lit(from), lit(to)));
}

std::string drop_views(const std::string& schema) {
  return do_block(
      fmt::format(" DECLARE r record; BEGIN\n"
                  "  FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                  "c.relnamespace\n"
                  "           WHERE n.nspname = {0} AND c.relkind = 'v' LOOP\n"
                  "    EXECUTE format('DROP VIEW IF EXISTS %I.%I CASCADE', {0}, r.relname);\n"
                  "  END LOOP;\n"
                  "END ",
                  lit(schema)));
}

std::string drop_functions(const std::string& schema) {
  return do_block(fmt::format(
      " DECLARE r record; BEGIN\n"
      "  FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p\n"
      "           JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = {0} LOOP\n"
      "    EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn);\n"
      "  END LOOP;\n"
      "END ",
      lit(schema)));
}

}  // namespace pgshift::ops::gen
