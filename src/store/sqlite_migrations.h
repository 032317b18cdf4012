// Versioned schema migrations for the SQLite store. Each step runs in its own write transaction
// and records itself in schema_migrations(version, applied_at); a database already at the latest
// version is left untouched, one from a newer hikeshi is refused. The schema is described in
// doc/schema.md; it uses only plain types so the PostgreSQL store can mirror it.
#pragma once

#include <span>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

struct Migration {
  int version;               // 1, 2, 3, … without gaps; never renumbered once released
  std::string_view summary;  // one line, for humans reading schema_migrations
  std::string_view sql;      // one or more statements
};

// All migrations in the order they apply. Released steps are never edited: add a new one.
std::span<const Migration> Migrations();
int LatestSchemaVersion();

// The version recorded in `db` (0 for a fresh database).
Result<int> SchemaVersion(SqliteDb& db);

// Brings `db` up to LatestSchemaVersion(). Safe against a second process migrating at the same
// time: each step re-reads the version inside its own BEGIN IMMEDIATE transaction.
// Fails with kUnavailable when the database is newer than this binary.
Status Migrate(SqliteDb& db, Timestamp now);

}  // namespace hikeshi::sqlite
