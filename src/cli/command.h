// What every subcommand shares: the configuration flags, opening the store, and reporting errors.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "cli/config.h"
#include "core/error.h"
#include "store/store.h"

namespace hikeshi::cli {

// Exit codes: 0 success, 1 the command ran and found a problem (e.g. a broken chain), 2 usage or
// input error, 3 a dependency failed (database unreachable, port in use).
inline constexpr int kExitOk = 0;
inline constexpr int kExitProblem = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnavailable = 3;

// --config and --db, added to every subcommand that touches the store.
struct StoreFlags {
  std::string config_path;
  std::string db;  // overrides the config file's [store] db
};

void AddStoreFlags(CLI::App& command, StoreFlags& flags);
// Loads the configuration and applies the flags' overrides.
Result<Config> ResolveConfig(const StoreFlags& flags);
Result<std::unique_ptr<Store>> OpenConfiguredStore(const Config& config);
// Both steps at once, for commands that need only the store.
Result<std::unique_ptr<Store>> OpenStoreFromFlags(const StoreFlags& flags);

// Prints "hikeshi: <message>" to stderr and returns the exit code for the error.
int ReportError(const Error& error);

// Each subcommand registers itself on `app`; the callback stores the exit code in `exit_code`.
void AddServeCommand(CLI::App& app, int& exit_code);
void AddUserCommand(CLI::App& app, int& exit_code);
void AddTokenCommand(CLI::App& app, int& exit_code);
void AddIncidentCommand(CLI::App& app, int& exit_code);
void AddVerifyCommand(CLI::App& app, int& exit_code);
void AddDbCommand(CLI::App& app, int& exit_code);
void AddIngestCommand(CLI::App& app, int& exit_code);
void AddReportCommand(CLI::App& app, int& exit_code);
void AddTriageCommand(CLI::App& app, int& exit_code);
void AddStatsCommand(CLI::App& app, int& exit_code);
void AddContactCommand(CLI::App& app, int& exit_code);  // contact_command.cc
void AddNotifyCommand(CLI::App& app, int& exit_code);   // notify_command.cc

// ownership_command.cc: `db import` (a subcommand of `db`) and `whois`.
void AddDbImportCommand(CLI::App& db, int& exit_code);
void AddWhoisCommand(CLI::App& app, int& exit_code);
// The ownership index file: `flag` (--index), else [lookup] index, else <db>.ownership.
std::string OwnershipIndexPath(const Config& config, const std::string& flag);

}  // namespace hikeshi::cli
