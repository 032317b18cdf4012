#include "cli/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>

namespace hikeshi::cli {

Result<Config> LoadConfig(const std::string& path) {
  std::string file = path;
  if (file.empty()) {
    if (const char* env = std::getenv("HIKESHI_CONFIG"); env && *env) file = env;
  }
  bool explicit_file = !file.empty();
  if (!explicit_file) file = "hikeshi.toml";
  Config config;
  std::error_code ignored;
  if (!std::filesystem::exists(file, ignored)) {
    if (explicit_file)
      return Fail(ErrorCode::kInvalid, fmt::format("config file {} not found", file));
    return config;
  }
  toml::table table;
  try {
    table = toml::parse_file(file);
  } catch (const toml::parse_error& error) {
    return Fail(ErrorCode::kInvalid, fmt::format("{}:{}:{}: {}", file, error.source().begin.line,
                                                 error.source().begin.column, error.description()));
  }
  config.db = table["store"]["db"].value_or(config.db);
  config.sqlite_synchronous =
      table["store"]["sqlite_synchronous"].value_or(config.sqlite_synchronous);
  config.listen = table["server"]["listen"].value_or(config.listen);
  config.threads = table["server"]["threads"].value_or(config.threads);
  config.web_root = table["server"]["web_root"].value_or(config.web_root);
  config.max_body_bytes = table["server"]["max_body_bytes"].value_or<int64_t>(
      static_cast<int64_t>(config.max_body_bytes));
  if (config.sqlite_synchronous != "normal" && config.sqlite_synchronous != "full") {
    return Fail(ErrorCode::kInvalid,
                fmt::format("{}: store.sqlite_synchronous must be \"normal\" or \"full\"", file));
  }
  if (config.threads < 0 || config.threads > 256) {
    return Fail(ErrorCode::kInvalid, fmt::format("{}: server.threads must be 0-256", file));
  }
  return config;
}

}  // namespace hikeshi::cli
