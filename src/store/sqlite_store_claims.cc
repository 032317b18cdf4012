// SqliteStore: notification claims (Store::ClaimDueNotifications, Store::ClaimNotification).
// The single writer (sqlite_commit_queue.h) makes each select-then-update atomic: two claimers
// in this process, or a second process on the same file (SQLite's write lock), never both see
// the same row as claimable. The claim is the claimed_until column (schema v5) and a version
// bump, so the claimer whose lease ran out loses its save.
#include <fmt/format.h>

#include <algorithm>

#include "store/sqlite_store.h"

namespace hikeshi {

using sqlite::SqliteDb;

namespace {

int64_t LeaseEnd(Timestamp now, std::chrono::milliseconds lease) {
  return ToMicros(now + std::chrono::duration_cast<std::chrono::microseconds>(lease));
}

Status MarkClaimed(SqliteDb& db, int64_t id, int64_t until) {
  auto update = db.Prepare(
      "UPDATE notifications SET claimed_until = ?1, version = version + 1 WHERE id = ?2");
  if (!update) return std::unexpected(update.error());
  update->Bind(1, until).Bind(2, id);
  return update->Run();
}

}  // namespace

Result<std::vector<Notification>> SqliteStore::ClaimDueNotifications(
    std::chrono::milliseconds lease, Timestamp now, int limit) {
  std::vector<int64_t> ids;
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    ids.clear();
    auto select = db.Prepare(
        "SELECT id FROM notifications WHERE state = 'approved' AND next_attempt_at <= ?1 "
        "AND (claimed_until IS NULL OR claimed_until <= ?1) "
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
      if (auto ok = MarkClaimed(db, id, LeaseEnd(now, lease)); !ok) return ok;
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

Result<Notification> SqliteStore::ClaimNotification(int64_t id, std::chrono::milliseconds lease,
                                                    Timestamp now) {
  auto committed = commit_queue_.Submit([&](SqliteDb& db) -> Status {
    auto select = db.Prepare("SELECT state, claimed_until FROM notifications WHERE id = ?1");
    if (!select) return std::unexpected(select.error());
    select->Bind(1, id);
    auto row = select->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, fmt::format("notification {} does not exist", id));
    std::string state = select->Text(0);
    std::optional<int64_t> until = select->OptionalInt(1);
    if (state != "approved") {
      return Fail(ErrorCode::kConflict,
                  fmt::format("notification {} is {}, only an approved one is sent", id, state));
    }
    if (until && *until > ToMicros(now)) {
      return Fail(ErrorCode::kConflict, ClaimedElsewhereMessage(id, FromMicros(*until), now));
    }
    return MarkClaimed(db, id, LeaseEnd(now, lease));
  });
  if (!committed) return std::unexpected(committed.error());
  return GetNotification(id);
}

}  // namespace hikeshi
