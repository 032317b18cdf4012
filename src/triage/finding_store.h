// FindingStore: the findings of a triage run, in bounded memory whatever their number.
//
// Findings are added in any order and read back sorted by FindingOrder (time, none first;
// source; offset; rule id), equal findings in the order they were added — what a stable sort
// of everything would give. Up to `memory_bytes` (an estimate of the findings' heap size) are
// kept in memory; beyond, the batch is sorted and written to an anonymous temporary file as a
// run, and reading merges the runs with what is in memory. Peak memory is therefore about
// memory_bytes plus one finding and a 64 KiB buffer per run, instead of ~1 KB per finding.
// When no temporary file can be made, findings stay in memory (correct, just not bounded).
//
// Not thread-safe; iteration sorts the in-memory batch first, so begin() is not const-pure.
// Pointers and references from an iteration are valid only until the iterator moves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <memory>
#include <vector>

#include "triage/finding.h"

namespace hikeshi::triage {

// The order findings are reported in: time (none first), source, offset, rule id.
bool FindingOrder(const Finding& a, const Finding& b);

class FindingStore {
 public:
  static constexpr size_t kDefaultMemoryBytes = size_t{16} << 20;

  FindingStore() : FindingStore(kDefaultMemoryBytes) {}
  explicit FindingStore(size_t memory_bytes);
  ~FindingStore();
  FindingStore(FindingStore&&) noexcept;
  FindingStore& operator=(FindingStore&&) noexcept;

  void Add(Finding finding);
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t runs() const { return runs_.size(); }  // batches written to the temporary file

  struct Merge;
  // Input iterator over the sorted findings (a k-way merge of the runs and the memory batch).
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Finding;
    using difference_type = std::ptrdiff_t;
    using pointer = const Finding*;
    using reference = const Finding&;

    Iterator() = default;
    explicit Iterator(std::shared_ptr<Merge> merge);
    const Finding& operator*() const;
    const Finding* operator->() const { return &**this; }
    Iterator& operator++();
    void operator++(int) { ++*this; }
    bool operator==(const Iterator& other) const { return AtEnd() == other.AtEnd(); }

   private:
    bool AtEnd() const;
    std::shared_ptr<Merge> merge_;
  };
  Iterator begin() const;
  Iterator end() const { return {}; }

  std::vector<Finding> ToVector() const;  // all of them, sorted (small results, tests)

 private:
  struct Run {
    uint64_t offset = 0;  // in the temporary file
    uint64_t count = 0;
  };
  void Spill();

  size_t memory_bytes_;
  size_t count_ = 0;
  size_t batch_bytes_ = 0;
  mutable std::vector<Finding> batch_;
  mutable bool batch_sorted_ = true;
  std::vector<Run> runs_;
  std::FILE* file_ = nullptr;  // anonymous (std::tmpfile), removed when closed
  uint64_t file_size_ = 0;
  bool spill_failed_ = false;
};

}  // namespace hikeshi::triage
