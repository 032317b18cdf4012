#include "store/sqlite_commit_queue.h"

#include <fmt/format.h>

#include <exception>
#include <optional>
#include <utility>

namespace hikeshi::sqlite {
namespace {

// The queue whose batch this thread is running, to refuse a unit that submits again (it would
// wait for itself forever).
thread_local const CommitQueue* leading_queue = nullptr;

Status Execute(SqliteDb& db, std::string_view sql) {
  auto statement = db.Prepare(sql);
  if (!statement) return std::unexpected(statement.error());
  return statement->Run();
}

bool InTransaction(const SqliteDb& db) { return sqlite3_get_autocommit(db.Raw()) == 0; }

Status RunGuarded(const CommitQueue::Unit& unit, SqliteDb& db) {
  try {
    return unit(db);
  } catch (const std::exception& exception) {
    return Fail(ErrorCode::kInternal, fmt::format("a store write threw: {}", exception.what()));
  } catch (...) {
    return Fail(ErrorCode::kInternal, "a store write threw an unknown exception");
  }
}

// Runs `unit` in its own savepoint inside the open transaction. When it fails its writes are
// rolled back to the savepoint; should even that fail, the whole transaction is rolled back so
// they cannot be committed with the rest (the caller then finds no transaction open).
Status RunInSavepoint(SqliteDb& db, const CommitQueue::Unit& unit) {
  if (auto ok = Execute(db, "SAVEPOINT unit"); !ok) return ok;
  Status result = RunGuarded(unit, db);
  if (!InTransaction(db)) return result;  // SQLite rolled back everything (full disk, I/O error)
  if (result) {
    auto released = Execute(db, "RELEASE unit");
    if (released) return result;
    result = std::move(released);
  }
  if (!Execute(db, "ROLLBACK TO unit") || !Execute(db, "RELEASE unit")) {
    (void)Execute(db, "ROLLBACK");
  }
  return result;
}

// What a unit that had succeeded reports when its transaction did not commit.
Error NotStored(const Error& cause) {
  return Error{cause.code,
               fmt::format("not stored: the transaction shared with other writes failed: {}",
                           cause.message)};
}

}  // namespace

Status CommitQueue::Submit(const Unit& unit) {
  if (leading_queue == this) {
    return Fail(ErrorCode::kInternal,
                "a store write called back into the store while holding its write lock");
  }
  Request request{.unit = &unit};
  std::unique_lock lock(mutex_);
  (tail_ != nullptr ? tail_->next : head_) = &request;
  tail_ = &request;
  ++pending_;
  batch_done_.wait(lock, [&] { return request.done || !leader_active_; });
  if (request.done) return std::move(request.result);

  // Leader until this request is done (it may sit behind more than one batch).
  leader_active_ = true;
  while (!request.done) {
    int count = 0;
    Request* first = TakeBatch(count);
    lock.unlock();
    leading_queue = this;
    RunBatch(first, count);
    leading_queue = nullptr;
    lock.lock();
    // Followers read their request only after seeing `done` under the mutex, and may return
    // (destroying it) as soon as the mutex is released: read `next` before, touch nothing after.
    for (Request* done = first; done != nullptr;) {
      Request* next = done->next;
      done->done = true;
      done = next;
    }
    pending_ -= count;
    if (request.done) leader_active_ = false;  // a waiting follower takes over the rest
    batch_done_.notify_all();
  }
  return std::move(request.result);
}

int CommitQueue::Pending() {
  std::lock_guard lock(mutex_);
  return pending_;
}

CommitQueue::Request* CommitQueue::TakeBatch(int& count) {
  Request* first = head_;
  Request* last = head_;
  count = 1;
  while (count < kMaxBatch && last->next != nullptr) {
    last = last->next;
    ++count;
  }
  head_ = last->next;
  if (head_ == nullptr) tail_ = nullptr;
  last->next = nullptr;
  return first;
}

void CommitQueue::RunBatch(Request* first, int count) noexcept {
  try {
    auto lease = connections_.Writer();
    RunTransactions(lease.Db(), first, count);
  } catch (...) {
    // Units are guarded, so only the queue's own bookkeeping gets here (a failing mutex, memory
    // exhausted). A transaction in progress was rolled back while unwinding, and RunTransactions
    // moved `first` past the requests whose transaction was settled: the rest failed.
    for (; count > 0; --count, first = first->next) {
      first->result = Fail(ErrorCode::kInternal, "not stored: the commit queue failed");
    }
  }
}

void CommitQueue::RunTransactions(SqliteDb& db, Request*& first, int& count) {
  while (count > 0) {
    auto transaction = Transaction::Begin(db, Transaction::Kind::kWrite);
    if (!transaction) {  // e.g. kUnavailable: another process held the lock past the timeout
      for (; count > 0; --count, first = first->next) {
        first->result = std::unexpected(transaction.error());
      }
      return;
    }
    // Units [first, first + in_transaction) share this transaction.
    int in_transaction = 0;
    std::optional<Error> lost;
    for (Request* request = first; in_transaction < count; request = request->next) {
      request->result = RunInSavepoint(db, *request->unit);
      ++in_transaction;
      if (!InTransaction(db)) {
        lost = request->result ? Error{ErrorCode::kInternal, "a write ended its transaction"}
                               : request->result.error();
        break;
      }
    }
    Status outcome = lost ? Status(std::unexpected(*lost)) : transaction->Commit();
    Request* request = first;
    for (int i = 0; i < in_transaction; ++i, request = request->next) {
      if (!outcome && request->result)
        request->result = std::unexpected(NotStored(outcome.error()));
    }
    // A lost transaction leaves the rest of the batch to a new one.
    first = request;
    count -= in_transaction;
  }
}

}  // namespace hikeshi::sqlite
