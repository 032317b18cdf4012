// Internal to the correlator (sigma_correlation.cc): the state of one correlation group (the
// events of one group-by key inside the window) and of one correlation's table of groups.
// Not for use elsewhere.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "triage/correlation_window.h"
#include "triage/flat_key_table.h"
#include "triage/sigma_rule.h"

namespace hikeshi::triage::correlation {

constexpr int64_t kNone = std::numeric_limits<int64_t>::min();

inline bool Monotone(const SigmaCorrelation& c) {
  if (c.type == SigmaCorrelationType::kTemporalOrdered) return true;
  return !c.lt && !c.lte && !c.eq && !c.neq;
}

inline bool Satisfied(const SigmaCorrelation& c, int64_t count, size_t rule_count) {
  bool temporal =
      c.type == SigmaCorrelationType::kTemporal || c.type == SigmaCorrelationType::kTemporalOrdered;
  bool any_bound = c.gt || c.gte || c.lt || c.lte || c.eq || c.neq;
  if (temporal && !any_bound) return count == static_cast<int64_t>(rule_count);
  if (c.gt && !(count > *c.gt)) return false;
  if (c.gte && !(count >= *c.gte)) return false;
  if (c.lt && !(count < *c.lt)) return false;
  if (c.lte && !(count <= *c.lte)) return false;
  if (c.eq && !(count == *c.eq)) return false;
  if (c.neq && !(count != *c.neq)) return false;
  return true;
}

// Lets the maps be searched with a string_view, without building a std::string per event.
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

struct Group {
  int64_t last_us = kNone;
  int64_t window_start = kNone;                         // tumbling windows
  TimeWindow times;                                     // event_count: times in the window
  Window<std::pair<int64_t, std::string>> value_times;  // value_count: (time, value)
  // value_count: distinct values
  std::unordered_map<std::string, uint32_t, ViewHash, std::equal_to<>> value_counts;
  std::vector<int64_t> seen;         // temporal: last time each referenced rule matched
  std::vector<int64_t> chain_start;  // temporal_ordered: start of a chain ending at step i
  std::vector<std::string> fields;   // group-by values, for the finding
};
// Groups move when the table grows or erases: a throwing move would make that a copy.
static_assert(std::is_nothrow_move_constructible_v<Group>);

struct CorrelationState {
  FlatKeyTable<Group> groups;
  uint64_t observed = 0;
  uint64_t next_sweep = 0;  // `observed` at which expired groups are next dropped
  int64_t entries = 0;      // remembered events over all groups
};

inline int64_t Entries(const Group& group) {
  return static_cast<int64_t>(group.times.size() + group.value_times.size());
}

// Group values and counted values longer than this are cut: hostile logs must not make keys
// of megabytes. Values differing only beyond it count as equal.
constexpr size_t kMaxValueBytes = 256;

inline std::string_view Cut(std::string_view value) { return value.substr(0, kMaxValueBytes); }

// Expired groups are dropped once as many observations as there are groups have passed
// (at least kMinSweepEvery): the sweep's cost is amortised to O(1) per observation, and the
// table stays within about twice its live groups — small tables stay in cache, which is what
// the lookup, the hottest spot of a triage run, needs.
constexpr uint64_t kMinSweepEvery = 1024;

// Drops groups inactive since before `cutoff`; then, while more than `keep` remain, the
// least recently active ones (counted in `evicted`). SIZE_MAX keeps all unexpired groups.
// `weight` is the number of correlations sharing the state (SigmaCorrelator::State::owner).
void Sweep(CorrelationState& state, int64_t cutoff, size_t keep, uint64_t& evicted,
           uint64_t weight);

// Count of the group's current window, by correlation type.
int64_t GroupCount(const SigmaCorrelation& c, const Group& group);

// Empties the group's window (it keeps its key, last time and group-by values).
void ResetGroup(Group& group);

// Drops what fell out of the sliding window ending at `now`.
void Expire(const SigmaCorrelation& c, Group& group, int64_t now);

}  // namespace hikeshi::triage::correlation
