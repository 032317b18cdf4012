// Keeps the full-text index up to date on a background thread, off the request path.
//
// Why: indexing new incidents inside a create's transaction, and FTS5's automatic segment merges
// that come with it, held the single writer for tens of milliseconds every few hundred creates:
// the whole p99 of a create under load (doc/performance.md). Here creates only Wake() this
// thread. It indexes what is pending in steps of at most kIndexStep incidents and merges index
// segments in steps of about kMergePages pages, each step a small unit of its own in the commit
// queue, so no create ever waits behind more than one short step. FTS5's own automerge is off
// (schema version 2), and crisismerge is raised so that FTS5 never does a big merge inline.
//
// Searches do not depend on this thread: they index whatever is still pending first
// (SqliteStore::CatchUpSearchIndex), so a search always sees every committed incident.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "store/sqlite_commit_queue.h"

namespace hikeshi::sqlite {

class SearchIndexer {
 public:
  // Incidents indexed per transaction: large enough that segments stay few, small enough that
  // the step is short (about a millisecond on the reference machine).
  static constexpr int64_t kIndexStep = 128;
  // FTS5 'merge' work per step, in pages (a step is about a millisecond).
  static constexpr int kMergePages = 64;
  // Creates that may wait unindexed before the thread starts; fewer are indexed after kIdle.
  static constexpr int64_t kWakeAfter = 64;
  static constexpr std::chrono::milliseconds kIdle{200};

  // Starts the thread. `queue` must outlive the indexer; `indexed_upto` is the store's hint of
  // the highest indexed id, raised here as steps commit.
  SearchIndexer(CommitQueue& queue, std::atomic<int64_t>& indexed_upto);
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;
  ~SearchIndexer();  // stops after the step in progress; what is pending stays for next time

  // Tells the thread that incident `id` was committed. Cheap; thread-safe.
  void Created(int64_t id);

 private:
  void Run();
  // One index step; false when nothing was pending or the step failed.
  bool IndexStep();
  // One merge step; false when FTS5 had nothing to merge or the step failed.
  bool MergeStep();

  CommitQueue& queue_;
  std::atomic<int64_t>& indexed_upto_;
  std::atomic<int64_t> latest_created_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace hikeshi::sqlite
