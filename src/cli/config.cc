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

Status LoadCoordination(const toml::table& table, const std::string& file, Config& config) {
  server::CoordinationOptions& c = config.coordination;
  c.enabled = table["coordination"]["enabled"].value_or(c.enabled);
  c.correlation.window = std::chrono::hours(table["coordination"]["window_hours"].value_or<int64_t>(
      std::chrono::duration_cast<std::chrono::hours>(c.correlation.window).count()));
  c.correlation.min_reporters =
      table["coordination"]["min_reporters"].value_or(c.correlation.min_reporters);
  if (c.correlation.min_reporters < 2 || c.correlation.window.count() <= 0) {
    return Fail(
        ErrorCode::kInvalid,
        fmt::format("{}: coordination.min_reporters must be >= 2 and window_hours > 0", file));
  }
  server::NotifyOptions& n = c.notify;
  n.enabled = table["notify"]["enabled"].value_or(n.enabled);
  n.from = table["notify"]["from"].value_or(n.from);
  n.team = table["notify"]["team"].value_or(n.team);
  n.cc = table["notify"]["cc"].value_or(n.cc);
  n.warn_targets = table["notify"]["warn_targets"].value_or(n.warn_targets);
  n.period =
      std::chrono::minutes(table["notify"]["period_minutes"].value_or<int64_t>(n.period.count()));
  n.max_attempts = table["notify"]["max_attempts"].value_or(n.max_attempts);
  n.first_retry = std::chrono::seconds(
      table["notify"]["first_retry_seconds"].value_or<int64_t>(n.first_retry.count()));
  if (n.period.count() < 1 || n.max_attempts < 1 || n.first_retry.count() < 1) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("{}: notify.period_minutes, max_attempts and first_retry_seconds "
                            "must be >= 1",
                            file));
  }
  if (const toml::array* policies = table["policy"].as_array()) {
    for (const toml::node& node : *policies) {
      const toml::table* policy = node.as_table();
      if (policy == nullptr) continue;
      std::string name = (*policy)["category"].value_or(std::string());
      auto category = ParseCategory(name);
      if (!category) {
        return Fail(ErrorCode::kInvalid,
                    fmt::format("{}: [[policy]] category \"{}\" is unknown", file, name));
      }
      n.policies.push_back({.category = *category,
                            .action = (*policy)["action"].value_or(std::string()),
                            .automatic = (*policy)["automatic"].value_or(false)});
    }
  }
  server::OutboxOptions& o = config.outbox;
  o.smtp.url = table["smtp"]["url"].value_or(o.smtp.url);
  o.smtp.username = table["smtp"]["username"].value_or(o.smtp.username);
  o.smtp.tls = table["smtp"]["tls"].value_or(o.smtp.tls);
  o.smtp.ca_file = table["smtp"]["ca_file"].value_or(o.smtp.ca_file);
  o.interval = std::chrono::seconds(
      table["outbox"]["interval_seconds"].value_or<int64_t>(o.interval.count()));
  if (o.interval.count() < 1) {
    return Fail(ErrorCode::kInvalid, fmt::format("{}: outbox.interval_seconds must be >= 1", file));
  }
  std::string password_file = table["smtp"]["password_file"].value_or(std::string());
  if (!password_file.empty()) {
    std::ifstream in(password_file);
    if (!in || !std::getline(in, o.smtp.password)) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("{}: cannot read smtp.password_file {}", file, password_file));
    }
  } else if (const char* env = std::getenv("HIKESHI_SMTP_PASSWORD"); env != nullptr) {
    o.smtp.password = env;
  }
  if (const toml::array* rows = table["ownership"].as_array()) {
    for (const toml::node& node : *rows) {
      const toml::table* row = node.as_table();
      if (row == nullptr) continue;
      Ownership owner{.netblock = (*row)["netblock"].value_or(std::string()),
                      .owner = (*row)["owner"].value_or(std::string()),
                      .country = (*row)["country"].value_or(std::string()),
                      .language = (*row)["language"].value_or(std::string()),
                      .source = "config"};
      if (auto mailbox = (*row)["abuse_mailbox"].value<std::string>()) {
        owner.abuse_mailboxes.push_back(*mailbox);
      }
      config.ownership_keys.push_back((*row)["address"].value_or(std::string()));
      config.ownership_table.push_back(std::move(owner));
    }
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
  if (auto ok = LoadCoordination(table, file, config); !ok) return std::unexpected(ok.error());
  config.lookup_index = table["lookup"]["index"].value_or(config.lookup_index);
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
