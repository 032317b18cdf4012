// Statistics for management and the coordination centre: reports and incidents per JPCERT/CC
// category (and RSIT) per quarter or month, response-time distributions (MTTA/MTTC/MTTR), the
// share contained within one hour, and open incidents by age. Pure functions over values, so the
// API (GET /api/v1/stats) and the CLI (hikeshi stats) compute the same numbers; doc/api.md.
//
// Periods are calendar quarters or months in Japan Standard Time (UTC+9, no daylight saving):
// 2026Q3 is 2026-07-01T00:00+09:00 up to (not including) 2026-10-01T00:00+09:00. An incident
// belongs to the period of its reported_at, a report to that of its received_at.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/incident.h"
#include "core/report.h"
#include "core/time.h"

namespace hikeshi::server {

enum class StatsGranularity { kQuarter, kMonth };

struct StatsPeriod {
  std::string label;  // "2026Q3" or "2026-07"
  Timestamp start;    // inclusive, midnight JST
  Timestamp end;      // exclusive
};

inline constexpr size_t kMaxStatsPeriods = 120;

// "2026Q3" (quarter), "2026-07" (month), or a date "2026-07-15" meaning the period containing it
// in JST. kInvalid otherwise (years 1970–9999).
Result<StatsPeriod> ParseStatsPeriod(std::string_view text, StatsGranularity by);
StatsPeriod StatsPeriodContaining(Timestamp at, StatsGranularity by);
// `from` … `to` inclusive, in order; kInvalid when to < from or more than kMaxStatsPeriods.
Result<std::vector<StatsPeriod>> StatsPeriods(const StatsPeriod& from, const StatsPeriod& to,
                                              StatsGranularity by);

// Upper bounds (seconds, inclusive) of the duration histogram's buckets; the last bucket is
// everything above the last bound: ≤1h, ≤4h, ≤24h, ≤3d, ≤7d, >7d.
inline constexpr std::array<int64_t, 5> kDurationBucketBounds = {3600, 14400, 86400, 259200,
                                                                 604800};
// Age buckets of open incidents: <1d, 1–7d, 7–30d, 30–90d, ≥90d (lower bounds in days).
inline constexpr std::array<int, 5> kAgeBucketLowerDays = {0, 1, 7, 30, 90};

// A distribution of whole seconds measured from reported_at.
struct Distribution {
  int64_t count = 0;
  std::optional<int64_t> mean, median, p90, min, max;  // unset when count is 0
  std::array<int64_t, kDurationBucketBounds.size() + 1> buckets{};
};

struct PeriodStats {
  StatsPeriod period;
  std::vector<int64_t> reports_by_category;  // indexed like Categories()
  int64_t reports_uncategorised = 0;
  int64_t reports_not_incident = 0;  // reports triaged as not an incident
  int64_t reports = 0;               // every report but duplicates
  // Incidents in state not-an-incident are counted only in incidents_not_incident.
  std::vector<int64_t> incidents_by_category;
  int64_t incidents = 0;
  int64_t incidents_not_incident = 0;
  Distribution acknowledge, contain, recover;
  int64_t contained_within_hour = 0;  // of contain.count
};

struct Stats {
  StatsGranularity by = StatsGranularity::kQuarter;
  Timestamp as_of;
  std::vector<PeriodStats> periods;
  PeriodStats total;  // the whole range (its period spans first start … last end)
  // Incidents not closed and not not-an-incident at as_of, by age since reported_at.
  std::array<int64_t, kAgeBucketLowerDays.size()> open_by_age{};
  int64_t open = 0;
};

// Duplicate reports are skipped. A reopened incident keeps its first acknowledged/contained/
// recovered stamps (core/incident.h), so it counts once with its original response times.
Stats ComputeStats(std::span<const Incident> incidents, std::span<const Report> reports,
                   std::span<const StatsPeriod> periods, StatsGranularity by, Timestamp as_of);

std::string_view ToString(StatsGranularity by);  // "quarter", "month"

}  // namespace hikeshi::server
