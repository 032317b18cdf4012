// Versioned schema migrations for the PostgreSQL store, mirroring the SQLite ones
// (sqlite_migrations.h, doc/schema.md): the same tables and columns with the same meaning and
// version numbers, so `hikeshi db copy` moves rows column for column. Each step runs in its own
// transaction under an advisory lock, so servers starting together migrate once, and records
// itself in schema_migrations(version, applied_at). A step is applied when its version is not
// recorded yet (not merely when it is above the highest): steps merged from parallel branches
// apply even when a later number went in first.
#pragma once

#include <span>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "store/postgres_connection_pool.h"

namespace hikeshi::postgres {

struct Migration {
  int version;
  std::string_view summary;
  std::string_view sql;
};

std::span<const Migration> Migrations();
int LatestSchemaVersion();

// Brings the database up to date. kUnavailable when it records a version this binary does not
// know (a newer hikeshi migrated it).
Status Migrate(ConnectionPool& pool, Timestamp now);

}  // namespace hikeshi::postgres
