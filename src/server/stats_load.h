// Gathering statistics from the store: the request as the API and the CLI take it, paging
// through incidents and reports (bounded), and ComputeStats over them (server/stats.h).
#pragma once

#include <string>

#include "core/error.h"
#include "core/time.h"
#include "server/stats.h"
#include "store/store.h"

namespace hikeshi::server {

struct StatsRequest {
  StatsGranularity by = StatsGranularity::kQuarter;
  std::string from;  // a period (server/stats.h); empty: three periods before `to`
  std::string to;    // empty: the period containing now
};

// At most this many incidents and reports are read; beyond, the statistics say truncated.
inline constexpr int64_t kMaxStatsRecords = 500'000;

struct LoadedStats {
  Stats stats;
  bool truncated = false;
};

Result<LoadedStats> LoadStats(Store& store, const StatsRequest& request, Timestamp now);

}  // namespace hikeshi::server
