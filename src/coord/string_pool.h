// Interning for the ownership sources: millions of inetnums share a few thousand handles,
// countries and mailboxes, so each distinct string is stored once and referred to by number.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hikeshi::coord {

class StringPool {
 public:
  StringPool() { Intern(""); }  // id 0 is the empty string
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  uint32_t Intern(std::string_view text) {
    if (auto found = ids_.find(text); found != ids_.end()) return found->second;
    uint32_t id = static_cast<uint32_t>(strings_.size());
    strings_.emplace_back(text);  // a deque never moves its elements: the key view stays valid
    ids_.emplace(strings_.back(), id);
    return id;
  }
  // 0 (the empty string) when `text` was never interned.
  uint32_t Find(std::string_view text) const {
    auto found = ids_.find(text);
    return found == ids_.end() ? 0 : found->second;
  }
  const std::string& Get(uint32_t id) const { return strings_[id]; }
  size_t size() const { return strings_.size(); }
  std::vector<std::string> Release() {
    ids_.clear();
    std::vector<std::string> out(std::make_move_iterator(strings_.begin()),
                                 std::make_move_iterator(strings_.end()));
    strings_.clear();
    return out;
  }

 private:
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, uint32_t> ids_;
};

}  // namespace hikeshi::coord
