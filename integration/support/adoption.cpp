#include "support/adoption.hpp"

#include <fmt/format.h>

#include <array>

namespace it {

namespace {

struct ShopMigration {
  const char* name;
  const char* up;
  const char* down;
};

constexpr std::array<ShopMigration, 4> k_shop{{
    {"create_customers", "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);\n",
     "DROP TABLE customers;\n"},
    {"create_orders", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n",
     "DROP TABLE orders;\n"},
    {"add_customer_email", "ALTER TABLE customers ADD COLUMN email text;\n",
     "ALTER TABLE customers DROP COLUMN email;\n"},
    {"create_invoices", "CREATE TABLE invoices (id bigint PRIMARY KEY);\n",
     "DROP TABLE invoices;\n"},
}};

const nlohmann::json* status_of(const std::vector<nlohmann::json>& migrations,
                                const std::string& version) {
  for (const auto& m : migrations) {
    if (m["version"] == version) {
      return &m;
    }
  }
  return nullptr;
}

nlohmann::json status_summary(const std::string& output) {
  for (const auto& s : events_of(output, "summary")) {
    return s;
  }
  FAIL("no summary in status output: " << output);
  return {};
}

}  // namespace

std::string shop_up(int i) {
  return k_shop.at(static_cast<std::size_t>(i)).up;
}
std::string shop_down(int i) {
  return k_shop.at(static_cast<std::size_t>(i)).down;
}
std::string shop_name(int i) {
  return k_shop.at(static_cast<std::size_t>(i)).name;
}

void write_shop(const Project& p, const std::vector<std::string>& versions) {
  for (std::size_t i = 0; i < versions.size(); ++i) {
    const std::string base = versions[i] + "_" + shop_name(static_cast<int>(i));
    p.write(base + ".up.sql", shop_up(static_cast<int>(i)));
    p.write(base + ".down.sql", shop_down(static_cast<int>(i)));
  }
}

void apply_shop(const TempDb& db, int n) {
  for (int i = 0; i < n; ++i) {
    db.exec(shop_up(i));
  }
}

std::string table_rows(const TempDb& db, const std::string& table) {
  return db.scalar(
      "SELECT count(*) || ':' || coalesce(string_agg(t::text, ';' ORDER BY t::text), "
      "'') FROM " +
      table + " t");
}

void adoption_must_work(const TempDb& db, const Project& p, const std::string& tool,
                        const std::string& table, const std::string& through,
                        const std::vector<std::string>& adopted,
                        const std::vector<std::string>& fresh,
                        const std::vector<std::string>& up_args) {
  const std::string before = table_rows(db, table);
  INFO("tool: " << tool);

  // status: the tool, its table and version; its migrations applied, the new ones pending.
  auto st = run(p.root(), db.url(), {"status", "--json"});
  REQUIRE_MESSAGE(st.exit_code == 0, st.all());
  const auto summary = status_summary(st.out);
  REQUIRE_MESSAGE(summary.contains("adoption"), st.out);
  CHECK(summary["adoption"]["tool"] == tool);
  CHECK(summary["adoption"]["through"] == through);
  CHECK(summary["adoption"]["recorded"] == false);
  CHECK(summary["adoption"]["migrations"] == adopted.size());
  CHECK(summary["history_installed"] == false);
  const auto migrations = events_of(st.out, "migration");
  for (const auto& v : adopted) {
    const auto* m = status_of(migrations, v);
    REQUIRE_MESSAGE(m != nullptr, v);
    CHECK_MESSAGE((*m)["state"] == "applied", v);
  }
  for (const auto& v : fresh) {
    const auto* m = status_of(migrations, v);
    REQUIRE_MESSAGE(m != nullptr, v);
    CHECK_MESSAGE((*m)["state"] == "pending", v);
  }
  auto text = run(p.root(), db.url(), {"status"});
  CHECK_MESSAGE(text.out.find(tool + " history ") != std::string::npos, text.out);
  CHECK_MESSAGE(text.out.find(" is at version " + through) != std::string::npos, text.out);

  // up: adopts, then runs only the new files (running an adopted one again would fail).
  auto up = run(p.root(), db.url(), up_args);
  REQUIRE_MESSAGE(up.exit_code == 0, up.all());
  CHECK_MESSAGE(
      up.out.find(fmt::format("adopted {} migration", adopted.size())) != std::string::npos,
      up.out);
  CHECK(history_rows(db) == static_cast<int>(adopted.size() + fresh.size()));
  CHECK(db.scalar("SELECT count(*) FROM pgshift.migrations WHERE baseline") ==
        std::to_string(adopted.size()));
  CHECK(events_with(db, "adopt", "ok") == static_cast<int>(adopted.size()) + 1);
  CHECK(events_with(db, "up", "ok") == static_cast<int>(fresh.size()));
  for (const auto& v : adopted) {
    CHECK_MESSAGE(history_state(db, v) == "applied", v);
    // Recorded with the checksum of today's file: status shows it applied, not changed.
  }
  // The tool's table is left as it was.
  CHECK(table_rows(db, table) == before);

  // Afterwards: applied, nothing more to do, and status says what was adopted.
  auto again = run(p.root(), db.url(), {"up"});
  CHECK_MESSAGE(again.exit_code == 0, again.all());
  CHECK(again.out.find("database is up to date") != std::string::npos);
  auto after = run(p.root(), db.url(), {"status", "--json"});
  REQUIRE(after.exit_code == 0);
  const auto s2 = status_summary(after.out);
  REQUIRE_MESSAGE(s2.contains("adoption"), after.out);
  CHECK(s2["adoption"]["recorded"] == true);
  CHECK(s2["adoption"]["tool"] == tool);
  CHECK(s2["adoption"]["through"] == through);
  CHECK(s2["applied"] == adopted.size() + fresh.size());
}

}  // namespace it
