// Streaming Sigma correlation (event_count, value_count, temporal, temporal_ordered) and the
// one place that turns matches into findings.
//
// State is kept per correlation rule and group key (the `group-by` values) in time windows
// of `timespan`, on event time. Conditions made only of gt/gte fire as soon as the sliding
// window reaches them, then the group starts afresh (one finding per burst, not one per
// event). Conditions with lt/lte/eq/neq are judged on tumbling windows when a window closes
// (the group's next event falls outside it, or Flush()). Memory is bounded: at most
// max_groups groups per correlation (expired groups go first, then the least recently
// active), per group at most max_entries_per_group remembered events (the oldest are
// forgotten first), and per correlation at most max_entries remembered events (beyond, the
// least recently active eighth of the groups goes). Group and counted values are cut at 256
// bytes.
//
// Not thread-safe: one correlator sees the events of a scan in order.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "triage/event.h"
#include "triage/finding.h"
#include "triage/sigma_engine.h"

namespace hikeshi::triage {

struct SigmaCorrelationLimits {
  size_t max_groups = 100'000;            // per correlation rule
  size_t max_entries_per_group = 10'000;  // remembered events (times, or time+value)
  size_t max_entries = 1'000'000;         // remembered events over all groups of one rule
};

class SigmaCorrelator {
 public:
  explicit SigmaCorrelator(const SigmaEngine& engine, SigmaCorrelationLimits limits = {});
  ~SigmaCorrelator();
  SigmaCorrelator(const SigmaCorrelator&) = delete;
  SigmaCorrelator& operator=(const SigmaCorrelator&) = delete;

  // Feeds one event and the detection rules it matched (from `matcher.Match(event)`).
  // Appends the findings: detection rules reported on their own, then correlations that fired.
  // Events without a time take the latest time seen; before any time, correlations skip them.
  void Observe(const Event& event, const std::vector<uint32_t>& matched,
               const SigmaMatcher& matcher, std::vector<Finding>& out);
  // End of input: closes the open tumbling windows (lt/lte/eq/neq conditions).
  void Flush(std::vector<Finding>& out);

  uint64_t evicted_groups() const;  // groups dropped to respect max_groups

 private:
  struct State;
  const SigmaEngine& engine_;
  SigmaCorrelationLimits limits_;
  std::unique_ptr<State> state_;
};

}  // namespace hikeshi::triage
