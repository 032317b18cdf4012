// Configuration: defaults, overridden by a TOML file, overridden by command-line flags.
// The file is --config FILE, else $HIKESHI_CONFIG, else ./hikeshi.toml when it exists.
// Every field and its default is documented in doc/configuration.md.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/ownership.h"
#include "intake/report_triage.h"
#include "server/coordination.h"
#include "server/imap_poller.h"
#include "server/notification_outbox.h"

namespace hikeshi::cli {

struct Config {
  std::string db = "hikeshi.db";  // [store] db: file path, sqlite:PATH or postgresql://…
  std::string sqlite_synchronous = "normal";  // [store] sqlite_synchronous: "normal" or "full"
  int postgres_pool_size = 8;                 // [store] postgres_pool_size: connections per process
  int postgres_acquire_timeout_ms = 5000;     // [store] postgres_acquire_timeout_ms
  std::string listen = "127.0.0.1:8080";      // [server] listen: host:port
  int threads = 0;                            // [server] threads: 0 = two per core, at least 4
  std::string web_root;             // [server] web_root: built UI; "" = ./web/dist if present
  size_t max_body_bytes = 1 << 20;  // [server] max_body_bytes
  // [imap]: the abuse mailbox `serve` polls and `ingest imap` reads; empty url = none. The
  // password comes from imap.password_file, else $HIKESHI_IMAP_PASSWORD, never the file itself.
  server::ImapOptions imap;
  // [triage]: spam_is_not_incident, one_click_fraud_is_not_incident, consenting_sources.
  intake::TriagePolicy triage;
  // [coordination], [notify], [[policy]]: correlation after ingest and the notices drafted
  // (doc/coordination.md). coordination.ownership is set by `serve`, not from the file.
  server::CoordinationOptions coordination;
  // [smtp], [outbox]: where approved notices go; empty smtp.url = nothing is sent. The password
  // comes from smtp.password_file, else $HIKESHI_SMTP_PASSWORD.
  server::OutboxOptions outbox;
  // [[ownership]]: a small static owner table (address → abuse mailbox) for tests and until the
  // ownership index is imported. Exact addresses or domains only.
  std::vector<Ownership> ownership_table;
  std::vector<std::string> ownership_keys;  // the address/domain of each ownership_table row
  // [lookup] index: the ownership index file (doc/ownership.md); "" = the database path with
  // ".ownership" appended, next to it.
  std::string lookup_index;
};

// Loads the file named by `path`, or the default places when `path` is empty. A named file that
// is missing or malformed is an error; a missing default file is not.
Result<Config> LoadConfig(const std::string& path);

}  // namespace hikeshi::cli
