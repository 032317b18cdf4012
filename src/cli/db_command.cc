#include <fmt/format.h>

#include "cli/command.h"
#include "store/postgres_copy.h"

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

  // db copy: a SQLite store into an empty PostgreSQL one, verified (store/postgres_copy.h).
  struct CopyFlags {
    std::string from;
    std::string to;
    std::string config_path;
  };
  auto copy_flags = std::make_shared<CopyFlags>();
  CLI::App* copy = command->add_subcommand(
      "copy", "Copy a SQLite database into an empty PostgreSQL one and verify every chain");
  copy->add_option("--from", copy_flags->from, "source: sqlite:FILE or FILE")->required();
  copy->add_option("--to", copy_flags->to, "destination: postgresql://USER@HOST/DB")->required();
  copy->add_option("--config", copy_flags->config_path, "TOML config file (pool settings)");
  copy->callback([copy_flags, &exit_code] {
    std::string_view from = copy_flags->from;
    for (std::string_view scheme : {"sqlite://", "sqlite:"}) {
      if (from.starts_with(scheme)) {
        from.remove_prefix(scheme.size());
        break;
      }
    }
    if (from.empty() || from.starts_with("postgres")) {
      return void(exit_code = ReportError(
                      Error{ErrorCode::kInvalid, "--from must name a SQLite file (sqlite:FILE)"}));
    }
    if (!copy_flags->to.starts_with("postgresql://") &&
        !copy_flags->to.starts_with("postgres://")) {
      return void(exit_code = ReportError(Error{ErrorCode::kInvalid,
                                                "--to must be a PostgreSQL URL (postgresql://…)"}));
    }
    auto config = LoadConfig(copy_flags->config_path);
    if (!config) return void(exit_code = ReportError(config.error()));
    StoreOptions options;
    options.sqlite_synchronous = config->sqlite_synchronous;
    auto summary = CopySqliteToPostgres(std::string(from), copy_flags->to, options);
    if (!summary) return void(exit_code = ReportError(summary.error()));
    for (const auto& table : summary->tables) fmt::print("{}: {} rows\n", table.name, table.rows);
    fmt::print("verified: {} work-log chains ({} entries), every head matches the source\n",
               summary->chains_verified, summary->entries_verified);
  });
}

}  // namespace hikeshi::cli
