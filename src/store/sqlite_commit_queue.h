// Group commit: the writes of many threads share one SQLite transaction.
//
// Why: every write used to take the writer mutex and run its own BEGIN IMMEDIATE … COMMIT, and
// the per-commit costs (WAL frame writes, file locks, the commit hook) dominated a small write.
// Under load the writers queued behind each other and the tail latency was that queue. Here a
// write is a unit of work handed to Submit(). The first thread to find no leader becomes leader:
// it takes what is queued (at most kMaxBatch units), opens one BEGIN IMMEDIATE transaction, runs
// each unit inside its own SAVEPOINT and commits once; the other threads (followers) sleep until
// their unit is done. A leader leads only until its own unit is done, then hands over to a
// waiting follower, so no caller is kept busy committing other callers' work (as in leveldb's
// DBImpl::Write).
//
// Contract kept for every caller, as if each had its own transaction:
//  - A unit that fails is rolled back to its savepoint and reports its own error; the others in
//    the batch go on. A unit succeeds only once the batch has committed.
//  - If BEGIN or COMMIT fails, or the transaction is lost (SQLite rolls back the whole
//    transaction on e.g. a full disk), every unit that would have been stored by it gets an
//    error and none of them is stored.
//  - Units run in submission order on the one writer connection, so a unit sees the writes of
//    the units before it in the batch.
//  - An exception thrown by a unit is caught and becomes that unit's kInternal error.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

#include "core/error.h"
#include "store/sqlite_connections.h"
#include "store/sqlite_db.h"

namespace hikeshi::sqlite {

class CommitQueue {
 public:
  // One call's writes. Runs on the leader's thread, holding the writer connection, inside the
  // batch transaction and its own savepoint. Return an error to have its writes rolled back. It
  // must not call into the store (a nested Submit fails with kInternal rather than deadlock).
  using Unit = std::function<Status(SqliteDb& writer)>;

  // Units per transaction. More would lengthen the wait of the batch's first caller for little
  // gain: the per-commit cost is already shared 64 ways.
  static constexpr int kMaxBatch = 64;

  // `connections` must outlive the queue.
  explicit CommitQueue(Connections& connections) : connections_(connections) {}
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Runs `unit` and commits its writes, usually together with other threads' units. Returns once
  // they are committed (ok) or known not to be stored (the error). Thread-safe; blocks.
  Status Submit(const Unit& unit);

  // Units submitted and not yet done (queued or running). For tests and monitoring.
  int Pending();

 private:
  // One Submit call, on its caller's stack. Linked into the queue; `result` is written by the
  // leader before it sets `done` under mutex_.
  struct Request {
    const Unit* unit;
    Status result;
    bool done = false;
    Request* next = nullptr;
  };

  // Detaches up to kMaxBatch requests from the front of the queue. mutex_ must be held.
  Request* TakeBatch(int& count);
  // Runs and commits `count` requests starting at `first`, setting each one's result. Never
  // throws; touches no request's `done`.
  void RunBatch(Request* first, int count) noexcept;
  // RunBatch's work: one transaction after another until every request has its result.
  // Advances `first` and `count` past the requests of each transaction once it is settled.
  void RunTransactions(SqliteDb& db, Request*& first, int& count);

  Connections& connections_;
  std::mutex mutex_;
  std::condition_variable batch_done_;
  Request* head_ = nullptr;  // the queue, oldest first
  Request* tail_ = nullptr;
  int pending_ = 0;
  bool leader_active_ = false;
};

}  // namespace hikeshi::sqlite
