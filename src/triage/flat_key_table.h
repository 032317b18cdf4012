// FlatKeyTable<Value>: string keys to values in one open-addressing table; the correlator's
// groups (one per correlation rule and group-by values) live in one.
//
// Why not std::unordered_map: with 40,000–60,000 live groups per correlation, a lookup there
// reads a bucket, a heap node and, for keys over 15 bytes ("src_ip=203.0.113.9"), the key's
// heap buffer: three cache misses. Here the index is a flat array of 8-byte slots (a hash tag
// and an entry position; linear probing, at most half full), small enough to stay mostly in
// L2, and the entries sit densely in one vector with short keys inline, so a lookup costs
// about one miss, on the entry it needs anyway.
//
// Erase moves the last entry into the hole (and the index uses backward-shift deletion, no
// tombstones), so pointers and positions are invalidated by Emplace and by erasing. The
// iteration order is the entry order: deterministic for a given sequence of operations.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "triage/inline_key.h"

namespace hikeshi::triage {

template <typename Value>
class FlatKeyTable {
 public:
  struct Entry {
    InlineKey key;
    uint32_t tag = 0;
    Value value{};
  };

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  std::vector<Entry>& entries() { return entries_; }
  const std::vector<Entry>& entries() const { return entries_; }

  // The value stored under `key`, or nullptr.
  Value* Find(std::string_view key) {
    if (slots_.empty()) return nullptr;
    const uint32_t tag = Tag(key);
    for (size_t at = tag & Mask();; at = (at + 1) & Mask()) {
      const Slot& slot = slots_[at];
      if (slot.position == 0) return nullptr;
      Entry& entry = entries_[slot.position - 1];
      if (slot.tag == tag && entry.key.view() == key) return &entry.value;
    }
  }

  // Adds `key` (which must be absent) with a value-initialised Value.
  Value& Emplace(std::string_view key) {
    if ((entries_.size() + 1) * 2 > slots_.size()) Rebuild(std::max<size_t>(16, slots_.size() * 2));
    Entry& entry = entries_.emplace_back();
    entry.key.Assign(key);
    entry.tag = Tag(key);
    size_t at = entry.tag & Mask();
    while (slots_[at].position != 0) at = (at + 1) & Mask();
    slots_[at] = {entry.tag, static_cast<uint32_t>(entries_.size())};
    return entry.value;
  }

  // Erases the entries `drop(entry)` selects while `budget` lasts (each erase counts one);
  // returns how many went. Entries are visited last to first.
  template <typename Drop>
  size_t EraseIf(Drop&& drop, size_t budget = SIZE_MAX) {
    size_t erased = 0;
    for (size_t i = entries_.size(); i-- > 0 && erased < budget;) {
      if (!drop(entries_[i])) continue;
      ErasePosition(i);  // the last entry (already visited, kept) moves to i
      ++erased;
    }
    return erased;
  }

  void Clear() {
    entries_.clear();
    slots_.clear();
  }

  // After a burst of groups the arrays stay at their peak size: give memory back when the
  // table is far larger than what it holds.
  void ShrinkIfSparse() {
    if (slots_.size() <= 8 * (entries_.size() + 64)) return;
    entries_.shrink_to_fit();
    size_t capacity = 16;
    while (capacity < entries_.size() * 2) capacity *= 2;
    Rebuild(capacity);
  }

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t position = 0;  // entry index + 1; 0 = empty
  };

  static uint32_t Tag(std::string_view key) {
    uint64_t hash = std::hash<std::string_view>{}(key);
    return static_cast<uint32_t>(hash ^ (hash >> 32));
  }
  size_t Mask() const { return slots_.size() - 1; }

  size_t SlotOf(size_t position) const {
    size_t at = entries_[position].tag & Mask();
    while (slots_[at].position != position + 1) at = (at + 1) & Mask();
    return at;
  }

  void ErasePosition(size_t position) {
    size_t hole = SlotOf(position);
    // Backward shift: pull later members of the probe run into the hole when their home
    // allows it, so that no lookup ever stops early at a gap.
    for (size_t next = (hole + 1) & Mask(); slots_[next].position != 0;
         next = (next + 1) & Mask()) {
      size_t home = slots_[next].tag & Mask();
      if (((next - home) & Mask()) >= ((next - hole) & Mask())) {
        slots_[hole] = slots_[next];
        hole = next;
      }
    }
    slots_[hole] = {};
    size_t last = entries_.size() - 1;
    if (position != last) {
      slots_[SlotOf(last)].position = static_cast<uint32_t>(position + 1);
      entries_[position] = std::move(entries_[last]);
    }
    entries_.pop_back();
  }

  void Rebuild(size_t capacity) {
    slots_.assign(capacity, Slot{});
    for (size_t i = 0; i < entries_.size(); ++i) {
      size_t at = entries_[i].tag & Mask();
      while (slots_[at].position != 0) at = (at + 1) & Mask();
      slots_[at] = {entries_[i].tag, static_cast<uint32_t>(i + 1)};
    }
  }

  std::vector<Entry> entries_;
  std::vector<Slot> slots_;  // size a power of two (or 0)
};

}  // namespace hikeshi::triage
