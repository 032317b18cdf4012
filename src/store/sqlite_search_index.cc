#include "store/sqlite_search_index.h"

#include <sqlite3.h>

#include <limits>

namespace hikeshi::sqlite {

Result<int64_t> IndexPendingIncidents(SqliteDb& writer, int64_t limit) {
  if (limit <= 0) limit = std::numeric_limits<int64_t>::max();
  // The pending ids, lowest first, bounded: both statements read the same rows because they run
  // in the writer's transaction and nothing else writes meanwhile.
  auto index = writer.Prepare(
      "INSERT INTO incidents_fts (rowid, title, description) SELECT id, title, description "
      "FROM incidents WHERE id > (SELECT upto FROM incidents_fts_indexed) ORDER BY id LIMIT ?1");
  if (!index) return std::unexpected(index.error());
  index->Bind(1, limit);
  if (auto ok = index->Run(); !ok) return std::unexpected(ok.error());
  auto advance = writer.Prepare(
      "UPDATE incidents_fts_indexed SET upto = COALESCE((SELECT MAX(id) FROM (SELECT id FROM "
      "incidents WHERE id > upto ORDER BY id LIMIT ?1)), upto) RETURNING upto");
  if (!advance) return std::unexpected(advance.error());
  advance->Bind(1, limit);
  auto row = advance->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kCorrupt, "the row of incidents_fts_indexed is missing");
  int64_t upto = advance->Int(0);
  if (auto ok = advance->Run(); !ok) return std::unexpected(ok.error());
  return upto;
}

Result<bool> SearchIndexIsBehind(SqliteDb& db) {
  auto behind = db.Prepare(
      "SELECT (SELECT COALESCE(MAX(id), 0) FROM incidents) > "
      "(SELECT upto FROM incidents_fts_indexed)");
  if (!behind) return std::unexpected(behind.error());
  auto row = behind->Step();
  if (!row) return std::unexpected(row.error());
  return *row && behind->Int(0) != 0;
}

Result<bool> MergeSearchIndex(SqliteDb& writer, int pages) {
  auto merge =
      writer.Prepare("INSERT INTO incidents_fts (incidents_fts, rank) VALUES ('merge', ?1)");
  if (!merge) return std::unexpected(merge.error());
  merge->Bind(1, int64_t{pages});
  // FTS5 reports work done only through the change counter: a difference of two or more means
  // it merged something (SQLite's FTS5 documentation, "The 'merge' Command").
  int64_t before = sqlite3_total_changes64(writer.Raw());
  if (auto ok = merge->Run(); !ok) return std::unexpected(ok.error());
  return sqlite3_total_changes64(writer.Raw()) - before >= 2;
}

}  // namespace hikeshi::sqlite
