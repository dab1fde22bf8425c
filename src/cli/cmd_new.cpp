#include "cli/command.hpp"
#include "pgshift/scaffold.hpp"

namespace pgshift::cli {

RunFn setup_new(CLI::App& sub) {
  auto o = std::make_shared<NewOptions>();
  sub.add_option("name", o->name, "what the migration does, e.g. add_users_email")->required();
  sub.add_flag("--sequential", o->sequential,
               "number the file after the newest one (0001, 0002, ...) instead of a UTC "
               "timestamp");
  sub.add_flag("--single", o->single,
               "one file with -- pgshift:up and -- pgshift:down sections instead of a pair");
  sub.add_flag("--ops", o->ops, "an operations (.toml) file for expand-contract changes");
  sub.footer(R"(
Creates <version>_<name>.up.sql and .down.sql (golang-migrate's layout) in the migrations
directory. The version is the current UTC time (YYYYMMDDHHMMSS), always above every existing one.

Examples:
  pgshift new add_users_email
  pgshift new "backfill emails" --single
  pgshift new create_orders --sequential)");
  return [o](Runtime& rt) {
    NewOptions opts = *o;
    opts.dir = rt.options.dir;
    return report_created(rt, new_migration(opts));
  };
}

}  // namespace pgshift::cli
