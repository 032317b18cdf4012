// SqliteStore: the outbox's claim (Store::ClaimDueNotifications). The single writer
// (sqlite_commit_queue.h) makes the select-then-update atomic: two claimers in this process, or
// a second process on the same file (SQLite's write lock), never see the same row as due.
// The claim lives in the existing columns, next_attempt_at (the lease's end) and version, so it
// needs no schema change.
#include <fmt/format.h>

#include <algorithm>

#include "store/sqlite_store.h"

namespace hikeshi {

using sqlite::SqliteDb;

Result<std::vector<Notification>> SqliteStore::ClaimDueNotifications(
    std::chrono::milliseconds lease, Timestamp now, int limit) {
  std::vector<int64_t> ids;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    ids.clear();
    auto select = db.Prepare(
        "SELECT id FROM notifications WHERE state = 'approved' AND next_attempt_at <= ?1 "
        "ORDER BY next_attempt_at, id LIMIT ?2");
    if (!select) return std::unexpected(select.error());
    select->Bind(1, ToMicros(now)).Bind(2, int64_t{std::clamp(limit, 1, kMaxPageSize)});
    while (true) {
      auto row = select->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      ids.push_back(select->Int(0));
    }
    for (int64_t id : ids) {
      auto update = db.Prepare(
          "UPDATE notifications SET next_attempt_at = ?1, version = version + 1 WHERE id = ?2");
      if (!update) return std::unexpected(update.error());
      update->Bind(1, ToMicros(now + std::chrono::duration_cast<std::chrono::microseconds>(lease)))
          .Bind(2, id);
      if (auto ok = update->Run(); !ok) return ok;
    }
    return {};
  });
  if (!committed) return std::unexpected(committed.error());
  std::sort(ids.begin(), ids.end());
  std::vector<Notification> claimed;
  for (int64_t id : ids) {
    auto n = GetNotification(id);
    if (!n) return std::unexpected(n.error());
    claimed.push_back(std::move(*n));
  }
  return claimed;
}

}  // namespace hikeshi
