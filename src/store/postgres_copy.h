// Copying a SQLite store into an empty PostgreSQL store (`hikeshi db copy`), for a team that
// outgrows one machine and keeps its history.
//
// Rows are copied column for column (both schemas hold the same values, postgres_migrations.h),
// ids included, in one PostgreSQL transaction: a failed copy leaves the destination empty. Both
// are migrated to the latest schema first. Afterwards every work-log chain is verified on the
// destination and its heads (incident, entries, head hash) must equal the source's, so the
// records are provably the same; any difference fails the copy (kCorrupt). Sequences are moved
// past the copied ids so new incidents, reports and users never reuse one.
//
// Copied: incidents, worklog, reports, observables, users, api_tokens, sessions, and the
// coordination tables incident_links, notifications, notification_incidents, contacts (a
// notification claimed by a SQLite outbox keeps its claim, claimed_until: it is claimable again
// when the lease ends, Store::ClaimDueNotifications). A table added by a later schema version must
// be added to the list in postgres_copy.cc.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace hikeshi {

struct CopySummary {
  struct Table {
    std::string name;
    int64_t rows = 0;
  };
  std::vector<Table> tables;     // in copy order
  int64_t chains_verified = 0;   // incidents whose chain verified and whose head matched
  int64_t entries_verified = 0;  // work-log entries among them
};

// kConflict when the destination already holds incidents, reports, users, notifications or
// contacts; kCorrupt when the source's own chains do not verify (nothing is copied) or the copy
// does not match.
Result<CopySummary> CopySqliteToPostgres(const std::string& sqlite_path,
                                         const std::string& postgres_url,
                                         const StoreOptions& options);

}  // namespace hikeshi
