#include <fmt/format.h>

#include "cli/command.h"

namespace hikeshi::cli {

void AddDbCommand(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("db", "Database maintenance");
  command->require_subcommand(1);
  auto flags = std::make_shared<StoreFlags>();
  CLI::App* migrate = command->add_subcommand(
      "migrate", "Create the database or bring its schema up to date (every command also does)");
  AddStoreFlags(*migrate, *flags);
  migrate->callback([flags, &exit_code] {
    auto config = ResolveConfig(*flags);
    if (!config) return void(exit_code = ReportError(config.error()));
    auto store = OpenConfiguredStore(*config);
    if (!store) return void(exit_code = ReportError(store.error()));
    fmt::print("{}: schema is up to date\n", config->db);
  });
  AddDbImportCommand(*command, exit_code);
}

}  // namespace hikeshi::cli
