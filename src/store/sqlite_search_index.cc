#include "store/sqlite_search_index.h"

namespace hikeshi::sqlite {

Result<int64_t> IndexPendingIncidents(SqliteDb& writer) {
  auto index = writer.Prepare(
      "INSERT INTO incidents_fts (rowid, title, description) SELECT id, title, description "
      "FROM incidents WHERE id > (SELECT upto FROM incidents_fts_indexed) ORDER BY id");
  if (!index) return std::unexpected(index.error());
  if (auto ok = index->Run(); !ok) return std::unexpected(ok.error());
  auto advance = writer.Prepare(
      "UPDATE incidents_fts_indexed SET upto = MAX(upto, (SELECT COALESCE(MAX(id), 0) FROM "
      "incidents)) RETURNING upto");
  if (!advance) return std::unexpected(advance.error());
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

}  // namespace hikeshi::sqlite
