#include "cli/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace hikeshi::cli {
namespace {

Status LoadImap(const toml::table& table, const std::string& file, server::ImapOptions& imap) {
  imap.url = table["imap"]["url"].value_or(imap.url);
  if (imap.url.empty()) return {};
  imap.username = table["imap"]["username"].value_or(imap.username);
  imap.tls = table["imap"]["tls"].value_or(imap.tls);
  imap.ca_file = table["imap"]["ca_file"].value_or(imap.ca_file);
  imap.move_to = table["imap"]["move_to"].value_or(imap.move_to);
  imap.interval = std::chrono::seconds(
      table["imap"]["interval_seconds"].value_or<int64_t>(imap.interval.count()));
  if (imap.interval.count() < 1) {
    return Fail(ErrorCode::kInvalid, fmt::format("{}: imap.interval_seconds must be >= 1", file));
  }
  std::string password_file = table["imap"]["password_file"].value_or(std::string());
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    if (!in || !std::getline(in, imap.password)) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("{}: cannot read imap.password_file {}", file, password_file));
    }
  } else if (const char* env = std::getenv("HIKESHI_IMAP_PASSWORD"); env != nullptr) {
    imap.password = env;
  }
  return {};
}

}  // namespace

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
  config.postgres_pool_size =
      table["store"]["postgres_pool_size"].value_or(config.postgres_pool_size);
  config.postgres_acquire_timeout_ms =
      table["store"]["postgres_acquire_timeout_ms"].value_or(config.postgres_acquire_timeout_ms);
  config.listen = table["server"]["listen"].value_or(config.listen);
  config.threads = table["server"]["threads"].value_or(config.threads);
  config.web_root = table["server"]["web_root"].value_or(config.web_root);
  config.max_body_bytes = table["server"]["max_body_bytes"].value_or<int64_t>(
      static_cast<int64_t>(config.max_body_bytes));
  if (auto ok = LoadImap(table, file, config.imap); !ok) return std::unexpected(ok.error());
  config.triage.spam_is_not_incident =
      table["triage"]["spam_is_not_incident"].value_or(config.triage.spam_is_not_incident);
  config.triage.one_click_fraud_is_not_incident =
      table["triage"]["one_click_fraud_is_not_incident"].value_or(
          config.triage.one_click_fraud_is_not_incident);
  if (const toml::array* sources = table["triage"]["consenting_sources"].as_array()) {
    for (const toml::node& source : *sources) {
      if (auto text = source.value<std::string>())
        config.triage.consenting_sources.push_back(*text);
    }
  }
  if (config.sqlite_synchronous != "normal" && config.sqlite_synchronous != "full") {
    return Fail(ErrorCode::kInvalid,
                fmt::format("{}: store.sqlite_synchronous must be \"normal\" or \"full\"", file));
  }
  if (config.postgres_pool_size < 1 || config.postgres_pool_size > 1000) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("{}: store.postgres_pool_size must be 1-1000", file));
  }
  if (config.postgres_acquire_timeout_ms < 1) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("{}: store.postgres_acquire_timeout_ms must be positive", file));
  }
  if (config.threads < 0 || config.threads > 256) {
    return Fail(ErrorCode::kInvalid, fmt::format("{}: server.threads must be 0-256", file));
  }
  return config;
}

}  // namespace hikeshi::cli
