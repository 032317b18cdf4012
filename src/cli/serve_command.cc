#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "cli/command.h"
#include "cli/ownership_table.h"
#include "coord/smtp_transport.h"
#include "server/imap_poller.h"
#include "server/notification_outbox.h"
#include "server/password.h"
#include "server/server.h"

namespace hikeshi::cli {
namespace {

// A fresh database has no accounts; create "admin" with a random password so the quick start can
// log in, and show the password once.
Status BootstrapAdmin(Store& store, const Clock& clock) {
  auto users = store.ListUsers();
  if (!users) return std::unexpected(users.error());
  if (!users->empty()) return {};
  std::string password = server::GeneratePassword();
  auto hash = server::HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  User admin{
      .name = "admin", .role = Role::kAdmin, .password_hash = *hash, .created_at = clock.Now()};
  if (auto created = store.CreateUser(admin); !created) {
    // Several servers starting on one new PostgreSQL database: another one created it first.
    if (created.error().code == ErrorCode::kConflict) return {};
    return std::unexpected(created.error());
  }
  fmt::print(
      "Created the first admin account (shown once; add others with `hikeshi user add`):\n"
      "  user:     admin\n  password: {}\n",
      password);
  std::fflush(stdout);
  return {};
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  struct Flags {
    StoreFlags store;
    std::string listen;
    std::string web_root;
    int threads = -1;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("serve", "Run the HTTP API and web UI");
  AddStoreFlags(*command, flags->store);
  command->add_option("--listen", flags->listen,
                      "address to listen on, host:port (default 127.0.0.1:8080; port 0 = any)");
  command
      ->add_option("--threads", flags->threads, "I/O threads (default: two per core, at least 4)")
      ->check(CLI::Range(0, 256));
  command->add_option("--web-root", flags->web_root, "directory of the built web UI (web/dist)");
  command->callback([flags, &exit_code] {
    auto config = ResolveConfig(flags->store);
    if (!config) return void(exit_code = ReportError(config.error()));
    auto store = OpenConfiguredStore(*config);
    if (!store) return void(exit_code = ReportError(store.error()));
    SystemClock clock;
    if (auto ok = BootstrapAdmin(**store, clock); !ok) {
      return void(exit_code = ReportError(ok.error()));
    }
    server::ServerOptions options;
    options.listen = flags->listen.empty() ? config->listen : flags->listen;
    options.threads = flags->threads >= 0 ? flags->threads : config->threads;
    options.max_body_bytes = config->max_body_bytes;
    options.triage = config->triage;
    options.web_root = !flags->web_root.empty() ? flags->web_root : config->web_root;
    std::error_code ignored;
    if (options.web_root.empty() && std::filesystem::exists("web/dist/index.html", ignored)) {
      options.web_root = "web/dist";
    }
    options.on_listening = [&config](const std::string& bound) {
      fmt::print("hikeshi listening on http://{} (database {})\n", bound, config->db);
      std::fflush(stdout);
    };
    // The ownership index (doc/ownership.md): loaded now (a corrupt file stops the start) and
    // reloaded when `hikeshi db import` replaces it; the configuration's [[ownership]] rows
    // answer first. GET /lookup and coordination ask the same.
    auto ownership = OwnershipSources::Open(*config);
    if (!ownership) return void(exit_code = ReportError(ownership.error()));
    options.ownership = &(*ownership)->lookup();
    if (auto loaded = (*ownership)->index().Current()) {
      fmt::print("hikeshi ownership index {}: {} prefixes\n", OwnershipIndexPath(*config, ""),
                 loaded->data().prefixes.size());
    }
    // --- Coordination (doc/coordination.md) ---
    options.coordination = config->coordination;
    options.coordination.ownership = &(*ownership)->lookup();
    std::unique_ptr<coord::SmtpTransport> transport;     // POST /notifications/{id}/send
    std::unique_ptr<server::NotificationOutbox> outbox;  // stopped after the server
    if (!config->outbox.smtp.url.empty()) {
      transport = std::make_unique<coord::SmtpTransport>(config->outbox.smtp);
      options.coordination.transport = transport.get();
      options.coordination.claim_lease = server::ClaimLease(config->outbox.smtp.timeout);
      outbox = std::make_unique<server::NotificationOutbox>(**store, options.coordination.notify,
                                                            config->outbox, clock);
      fmt::print("hikeshi sending approved notices through {}\n", config->outbox.smtp.url);
    }
    // --- end coordination ---
    std::unique_ptr<server::ImapPoller> imap;  // stopped after the server, on leaving
    if (!config->imap.url.empty()) {
      imap = std::make_unique<server::ImapPoller>(**store, config->imap, config->triage, clock,
                                                  &options.coordination);
      fmt::print("hikeshi polling {} every {} s\n", config->imap.url,
                 config->imap.interval.count());
    }
    if (auto served = server::Serve(**store, clock, options); !served) {
      exit_code = ReportError(served.error());
    }
  });
}

}  // namespace hikeshi::cli
