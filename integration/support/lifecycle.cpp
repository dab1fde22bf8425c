#include "support/lifecycle.hpp"

#include <array>
#include <cstdio>
#include <sstream>

namespace it {

namespace {

const std::string k_pgbin = "/usr/lib/postgresql/15/bin";

}  // namespace

Lifecycle::Lifecycle(const std::string& setup_sql, const std::string& toml) {
  if (!setup_sql.empty()) {
    db.exec(setup_sql);
  }
  project.write("1_ops.toml", toml);
}

Outcome Lifecycle::pgshift(const std::vector<std::string>& args) const {
  std::vector<std::string> all = args;
  all.push_back("--json");
  return run(project.root(), db.url(), all);
}

Outcome Lifecycle::expand() const {
  Outcome o = pgshift({"up"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  return o;
}

Outcome Lifecycle::complete() const {
  Outcome o = pgshift({"complete"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  return o;
}

Outcome Lifecycle::rollback() const {
  Outcome o = pgshift({"rollback"});
  REQUIRE_MESSAGE(o.exit_code == 0, o.all());
  return o;
}

std::unique_ptr<pgshift::db::Session> Lifecycle::old_app() const {
  return db.connect("old-app");
}

std::unique_ptr<pgshift::db::Session> Lifecycle::new_app(bool by_setting) const {
  auto s = db.connect("new-app");
  if (by_setting) {
    // The application manages its own search_path (the version schema first, found by name),
    // and names its version in the setting, which the triggers read first.
    exec_on(*s, std::string("SET search_path = ") + version_schema + ", public, \"$user\"");
    exec_on(*s, "SET pgshift.version = '1'");
  } else {
    exec_on(*s, std::string("SET search_path = ") + version_schema + ", public");
  }
  return s;
}

std::string Lifecycle::dump() const {
  const std::string cmd = k_pgbin + "/pg_dump --schema-only --no-owner --exclude-schema=pgshift '" +
                          db.url() + "' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string text;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) {
    text.append(buf.data(), n);
  }
  const int rc = ::pclose(p);
  REQUIRE_MESSAGE(rc == 0, text);
  std::istringstream in(text);
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("\\restrict", 0) == 0 ||
        line.rfind("\\unrestrict", 0) == 0) {
      continue;
    }
    out += line + "\n";
  }
  return out;
}

void Lifecycle::no_pgshift_objects_remain(bool version_schema_stays) const {
  // Index columns included: an index keeps the column names it was built with, so contract
  // renames those of an index built on a temporary column (gen::rename_index_columns).
  CHECK(db.scalar("SELECT string_agg(attrelid::regclass || '.' || attname, ', ') FROM pg_attribute "
                  "WHERE attname LIKE '\\_pgshift\\_%' AND NOT attisdropped") == "NULL");
  CHECK(db.scalar("SELECT string_agg(conname, ', ') FROM pg_constraint WHERE conname LIKE "
                  "'\\_pgshift\\_%'") == "NULL");
  CHECK(db.scalar("SELECT string_agg(relname, ', ') FROM pg_class WHERE relname LIKE "
                  "'\\_pgshift\\_%'") == "NULL");
  CHECK(db.scalar("SELECT string_agg(tgname, ', ') FROM pg_trigger WHERE tgname LIKE "
                  "'\\_pgshift\\_%'") == "NULL");
  CHECK(db.scalar("SELECT string_agg(proname, ', ') FROM pg_proc WHERE proname LIKE "
                  "'\\_pgshift\\_%'") == "NULL");
  const std::string schemas = db.scalar(
      "SELECT string_agg(nspname, ', ') FROM pg_namespace WHERE nspname LIKE "
      "'public\\_%'");
  if (version_schema_stays) {
    CHECK(schemas == version_schema);
  } else {
    CHECK(schemas == "NULL");
  }
}

void exec_on(pgshift::db::Session& session, const std::string& sql) {
  auto s = session.exec(sql);
  REQUIRE_MESSAGE(s.is_ok(), std::string(sql + ": " + s.message()));
}

std::string scalar_on(pgshift::db::Session& session, const std::string& sql) {
  auto r = session.query(sql);
  REQUIRE_MESSAGE(r.is_ok(), std::string(sql + ": " + r.status().message()));
  if (r->empty() || r->columns.empty()) {
    return "";
  }
  const auto& v = r->rows[0][0];
  return v ? *v : "NULL";
}

bool fails(pgshift::db::Session& session, const std::string& sql) {
  return !session.exec(sql).is_ok();
}

std::string ops(const std::string& fields) {
  return "[[operations]]\n" + fields;
}

}  // namespace it
