#include "cli/command.hpp"
#include "pgshift/scaffold.hpp"

namespace pgshift::cli {

RunFn setup_init(CLI::App& sub) {
  auto force = std::make_shared<bool>(false);
  sub.add_flag("--force", *force, "overwrite an existing pgshift.toml");
  sub.footer(R"(
Writes a commented pgshift.toml (path from --config, default ./pgshift.toml) and creates the
migrations directory (--dir, default ./migrations). Needs no database.)");
  return [force](Runtime& rt) {
    InitOptions o;
    o.dir = rt.options.dir;
    o.force = *force;
    o.config_path = rt.config_path;
    return report_created(rt, init_project(o));
  };
}

}  // namespace pgshift::cli
