// Internal to the correlator (correlation_group.h): the FIFOs of event times a correlation
// group keeps for its window. Not for use elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace hikeshi::triage::correlation {

// A FIFO on a vector: unlike std::deque it allocates nothing until the first push, which
// matters with one window per group and many short-lived groups.
template <typename T>
class Window {
 public:
  size_t size() const { return items_.size() - head_; }
  bool empty() const { return size() == 0; }
  const T& front() const { return items_[head_]; }
  void clear() {
    items_.clear();
    head_ = 0;
  }
  template <typename... Args>
  void emplace_back(Args&&... args) {
    items_.emplace_back(std::forward<Args>(args)...);
  }
  void push_back(T value) { items_.push_back(std::move(value)); }
  void pop_front() {
    ++head_;
    if (head_ == items_.size()) {
      clear();
    } else if (head_ >= 64 && head_ * 2 >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

 private:
  std::vector<T> items_;
  size_t head_ = 0;
};

// The times of an event_count window. The first kInline stay inside the group (a ring), so
// that the many groups with a few events in their window (most sources of a scan) are read
// without a second cache miss on a heap buffer; beyond, the times move to a heap Window until
// it empties again. A plain FIFO otherwise.
class TimeWindow {
 public:
  static constexpr uint8_t kInline = 3;  // 24 bytes: the window is 64 bytes in all

  size_t size() const { return on_heap_ ? heap_.size() : count_; }
  bool empty() const { return size() == 0; }
  int64_t front() const { return on_heap_ ? heap_.front() : ring_[head_]; }
  void clear() {
    heap_.clear();
    on_heap_ = false;
    head_ = count_ = 0;
  }
  void push_back(int64_t time) {
    if (!on_heap_) {
      if (count_ < kInline) {
        ring_[(head_ + count_) % kInline] = time;
        ++count_;
        return;
      }
      for (uint8_t i = 0; i < count_; ++i) heap_.push_back(ring_[(head_ + i) % kInline]);
      on_heap_ = true;
      head_ = count_ = 0;
    }
    heap_.push_back(time);
  }
  void pop_front() {
    if (on_heap_) {
      heap_.pop_front();
      if (heap_.empty()) on_heap_ = false;
      return;
    }
    head_ = static_cast<uint8_t>((head_ + 1) % kInline);
    --count_;
  }

 private:
  int64_t ring_[kInline] = {};
  uint8_t head_ = 0, count_ = 0;  // in ring_, while !on_heap_
  bool on_heap_ = false;
  Window<int64_t> heap_;
};
static_assert(sizeof(TimeWindow) == 64);  // one cache line's worth per group

}  // namespace hikeshi::triage::correlation
