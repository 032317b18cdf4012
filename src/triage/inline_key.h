// InlineKey: an owned string that keeps up to kInline bytes inside the object (std::string
// keeps 15): correlation group keys such as "src_ip=203.0.113.254" (20 bytes) are compared
// on every lookup, and reading them from the heap would be one more cache miss each time.
// Longer keys (group values are cut at 256 bytes) go to the heap.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace hikeshi::triage {

class InlineKey {
 public:
  static constexpr size_t kInline = 44;

  InlineKey() = default;
  InlineKey(InlineKey&& other) noexcept { *this = std::move(other); }
  InlineKey& operator=(InlineKey&& other) noexcept {
    size_ = other.size_;
    heap_ = std::move(other.heap_);
    if (!heap_) std::memcpy(inline_, other.inline_, size_);
    other.size_ = 0;
    return *this;
  }

  void Assign(std::string_view text) {
    size_ = static_cast<uint32_t>(text.size());
    if (text.size() <= kInline) {
      heap_.reset();
      if (!text.empty()) std::memcpy(inline_, text.data(), text.size());
    } else {
      heap_ = std::make_unique_for_overwrite<char[]>(text.size());
      std::memcpy(heap_.get(), text.data(), text.size());
    }
  }

  std::string_view view() const { return {heap_ ? heap_.get() : inline_, size_}; }

 private:
  uint32_t size_ = 0;
  char inline_[kInline];
  std::unique_ptr<char[]> heap_;
};

}  // namespace hikeshi::triage
