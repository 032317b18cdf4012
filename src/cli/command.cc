#include "cli/command.h"

#include <fmt/format.h>

namespace hikeshi::cli {

void AddStoreFlags(CLI::App& command, StoreFlags& flags) {
  command.add_option("--config", flags.config_path,
                     "TOML config file (default: $HIKESHI_CONFIG, else ./hikeshi.toml if present)");
  command.add_option("--db", flags.db,
                     "database: FILE, sqlite:FILE or postgresql://USER@HOST/DB (default: the "
                     "config's store.db, else ./hikeshi.db)");
}

Result<Config> ResolveConfig(const StoreFlags& flags) {
  auto config = LoadConfig(flags.config_path);
  if (!config) return config;
  if (!flags.db.empty()) config->db = flags.db;
  return config;
}

Result<std::unique_ptr<Store>> OpenConfiguredStore(const Config& config) {
  StoreOptions options;
  options.sqlite_synchronous = config.sqlite_synchronous;
  options.postgres_pool_size = config.postgres_pool_size;
  options.postgres_acquire_timeout_ms = config.postgres_acquire_timeout_ms;
  return OpenStore(config.db, options);
}

Result<std::unique_ptr<Store>> OpenStoreFromFlags(const StoreFlags& flags) {
  auto config = ResolveConfig(flags);
  if (!config) return std::unexpected(config.error());
  return OpenConfiguredStore(*config);
}

int ReportError(const Error& error) {
  fmt::print(stderr, "hikeshi: {}\n", error.message);
  switch (error.code) {
    case ErrorCode::kUnavailable:
      return kExitUnavailable;
    case ErrorCode::kInvalid:
    case ErrorCode::kNotFound:
    case ErrorCode::kConflict:
    case ErrorCode::kTooLarge:
      return kExitUsage;
    default:
      return kExitProblem;
  }
}

}  // namespace hikeshi::cli
