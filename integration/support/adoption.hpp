// Adoption tests' shared pieces: a small schema as migration files (pgshift's forms, and the SQL
// for other tools' own files), and the requirements every adoption must meet.
#pragma once

#include <string>
#include <vector>

#include "support/harness.hpp"

namespace it {

// The up and down SQL of the i-th migration of the shop schema (0-based, at most 4): customers,
// orders, customers.email, invoices. Running the first one twice fails with
// `relation "customers" already exists`.
std::string shop_up(int i);
std::string shop_down(int i);
// Names: create_customers, create_orders, add_customer_email, create_invoices.
std::string shop_name(int i);

// Writes migrations/<version>_<name>.up.sql and .down.sql for each version, in order.
void write_shop(const Project& p, const std::vector<std::string>& versions);
// Runs the up SQL of the first n migrations on the database, as the other tool did.
void apply_shop(const TempDb& db, int n);

// Every row of `table`, as text, in a stable order: to show a table was left as it was.
std::string table_rows(const TempDb& db, const std::string& table);

// What must hold when pgshift adopts a database that `tool` migrated through `through`, with
// `adopted` migrations recorded by the tool and `fresh` new ones (the last versions):
//   status names the tool, its table and version, and shows the adopted ones applied;
//   up adopts (one audit event per migration and one for the adoption) and runs only the new
//   ones; the tool's table is unchanged; status afterwards says when it was adopted.
// `up_args` are the arguments of that up.
void adoption_must_work(const TempDb& db, const Project& p, const std::string& tool,
                        const std::string& table, const std::string& through,
                        const std::vector<std::string>& adopted,
                        const std::vector<std::string>& fresh,
                        const std::vector<std::string>& up_args = {"up"});

}  // namespace it
