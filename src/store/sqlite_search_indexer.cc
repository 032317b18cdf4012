#include "store/sqlite_search_indexer.h"

#include "store/sqlite_search_index.h"

namespace hikeshi::sqlite {

SearchIndexer::SearchIndexer(CommitQueue& queue, std::atomic<int64_t>& indexed_upto)
    : queue_(queue), indexed_upto_(indexed_upto), thread_([this] { Run(); }) {}

SearchIndexer::~SearchIndexer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void SearchIndexer::Created(int64_t id) {
  int64_t known = latest_created_.load(std::memory_order_relaxed);
  while (known < id && !latest_created_.compare_exchange_weak(known, id)) {
  }
  // notify_one costs next to nothing while the thread is busy (no waiter) or already woken.
  if (id - indexed_upto_.load(std::memory_order_relaxed) >= kWakeAfter) wake_.notify_one();
}

void SearchIndexer::Run() {
  auto pending = [this] { return latest_created_.load() - indexed_upto_.load(); };
  auto behind = [&] { return pending() > 0; };
  while (!stopping_) {
    {
      // Woken early by Created() or the destructor; a timed look also catches a trickle of
      // creates that never reaches kWakeAfter.
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, kIdle, [&] { return stopping_ || pending() >= kWakeAfter; });
    }
    while (!stopping_ && behind()) {
      if (!IndexStep()) break;  // failed (busy, disk): the next round tries again
      MergeStep();              // one merge step per index step keeps the segments few
    }
    // While no creates arrive, finish merging, one short step at a time.
    while (!stopping_ && !behind() && MergeStep()) {
    }
  }
}

bool SearchIndexer::IndexStep() {
  int64_t upto = 0;
  auto committed = queue_.Submit([&](SqliteDb& db) -> Status {
    auto indexed = IndexPendingIncidents(db, kIndexStep);
    if (!indexed) return std::unexpected(indexed.error());
    upto = *indexed;
    return {};
  });
  if (!committed) return false;
  int64_t known = indexed_upto_.load();
  while (known < upto && !indexed_upto_.compare_exchange_weak(known, upto)) {
  }
  return true;
}

bool SearchIndexer::MergeStep() {
  bool merged = false;
  auto committed = queue_.Submit([&](SqliteDb& db) -> Status {
    auto worked = MergeSearchIndex(db, kMergePages);
    if (!worked) return std::unexpected(worked.error());
    merged = *worked;
    return {};
  });
  return committed && merged;
}

}  // namespace hikeshi::sqlite
