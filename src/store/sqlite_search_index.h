// Keeping the full-text index (incidents_fts) up to date. New incidents are indexed in batches
// rather than one by one, because FTS5 writes an index segment per transaction: indexing each
// create on its own would cost several times the create itself. Correctness does not depend on
// batching: a search first indexes whatever is pending, so it sees every committed incident.
// Edits of already indexed incidents are re-indexed at once by triggers (sqlite_migrations.cc).
#pragma once

#include <cstdint>

#include "core/error.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

// Creates let this many incidents wait unindexed before one of them indexes the batch.
inline constexpr int64_t kSearchIndexBatch = 256;

// Indexes every incident above the recorded watermark and moves the watermark to the highest id.
// Must run inside a write transaction on `writer`. Returns the new watermark.
Result<int64_t> IndexPendingIncidents(SqliteDb& writer);

// True when some incident is not indexed yet (read-only: works on any connection).
Result<bool> SearchIndexIsBehind(SqliteDb& db);

}  // namespace hikeshi::sqlite
