// Keeping the full-text index (incidents_fts) up to date. New incidents are not indexed by the
// create itself: FTS5 writes an index segment per transaction, and its segment merges held the
// writer for tens of milliseconds, so a background thread (sqlite_search_indexer.h) indexes in
// bounded steps and merges segments in bounded steps. Correctness does not depend on it: a
// search first indexes whatever is pending, so it sees every committed incident. Edits of
// already indexed incidents are re-indexed at once by triggers (sqlite_migrations.cc).
#pragma once

#include <cstdint>

#include "core/error.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

// Indexes the incidents above the recorded watermark, at most `limit` of them (lowest ids
// first; 0 = all), and moves the watermark to the highest id indexed. Must run inside a write
// transaction on `writer`. Returns the new watermark.
Result<int64_t> IndexPendingIncidents(SqliteDb& writer, int64_t limit = 0);

// True when some incident is not indexed yet (read-only: works on any connection).
Result<bool> SearchIndexIsBehind(SqliteDb& db);

// Runs FTS5's 'merge' command for about `pages` pages of work. Returns whether it found
// segments to merge. Must run inside a write transaction on `writer`.
Result<bool> MergeSearchIndex(SqliteDb& writer, int pages);

}  // namespace hikeshi::sqlite
