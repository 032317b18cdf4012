#include "triage/correlation_group.h"

namespace hikeshi::triage::correlation {

void Sweep(CorrelationState& state, int64_t cutoff, size_t keep, uint64_t& evicted,
           uint64_t weight) {
  auto& groups = state.groups;
  groups.EraseIf([&](const auto& entry) {
    if (entry.value.last_us >= cutoff) return false;
    state.entries -= Entries(entry.value);
    return true;
  });
  if (groups.size() <= keep) return;
  std::vector<int64_t> times;
  times.reserve(groups.size());
  for (const auto& entry : groups.entries()) times.push_back(entry.value.last_us);
  size_t drop = groups.size() - keep;
  std::nth_element(times.begin(), times.begin() + (drop - 1), times.end());
  int64_t limit = times[drop - 1];
  evicted += weight * groups.EraseIf(
                          [&](const auto& entry) {
                            if (entry.value.last_us > limit) return false;
                            state.entries -= Entries(entry.value);
                            return true;
                          },
                          drop);
}

int64_t GroupCount(const SigmaCorrelation& c, const Group& group) {
  switch (c.type) {
    case SigmaCorrelationType::kEventCount:
      return static_cast<int64_t>(group.times.size());
    case SigmaCorrelationType::kValueCount:
      return static_cast<int64_t>(group.value_counts.size());
    case SigmaCorrelationType::kTemporal:
      return std::count_if(group.seen.begin(), group.seen.end(),
                           [](int64_t t) { return t != kNone; });
    case SigmaCorrelationType::kTemporalOrdered:
      return group.chain_start.back() != kNone ? static_cast<int64_t>(group.chain_start.size()) : 0;
  }
  return 0;
}

void ResetGroup(Group& group) {
  group.window_start = kNone;
  group.times.clear();
  group.value_times.clear();
  group.value_counts.clear();
  std::fill(group.seen.begin(), group.seen.end(), kNone);
  std::fill(group.chain_start.begin(), group.chain_start.end(), kNone);
}

void Expire(const SigmaCorrelation& c, Group& group, int64_t now) {
  int64_t cutoff = now - c.timespan_us;
  while (!group.times.empty() && group.times.front() < cutoff) group.times.pop_front();
  while (!group.value_times.empty() && group.value_times.front().first < cutoff) {
    auto it = group.value_counts.find(group.value_times.front().second);
    if (it != group.value_counts.end() && --it->second == 0) group.value_counts.erase(it);
    group.value_times.pop_front();
  }
  for (int64_t& t : group.seen) {
    if (t != kNone && t < cutoff) t = kNone;
  }
  for (int64_t& t : group.chain_start) {
    if (t != kNone && t < cutoff) t = kNone;
  }
}

}  // namespace hikeshi::triage::correlation
