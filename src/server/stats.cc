#include "server/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

namespace hikeshi::server {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Japan Standard Time: a fixed offset, no daylight saving since 1951.
constexpr hours kJstOffset{9};

Timestamp StartOfMonthJst(int year, unsigned month) {
  sys_days day =
      year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{1}};
  return Timestamp{
      std::chrono::duration_cast<std::chrono::microseconds>(day.time_since_epoch() - kJstOffset)};
}

StatsPeriod MakePeriod(int year, unsigned month, StatsGranularity by) {
  if (by == StatsGranularity::kQuarter) {
    unsigned quarter = (month - 1) / 3 + 1;
    unsigned first = (quarter - 1) * 3 + 1;
    Timestamp start = StartOfMonthJst(year, first);
    Timestamp end = quarter == 4 ? StartOfMonthJst(year + 1, 1) : StartOfMonthJst(year, first + 3);
    return {fmt::format("{}Q{}", year, quarter), start, end};
  }
  Timestamp end = month == 12 ? StartOfMonthJst(year + 1, 1) : StartOfMonthJst(year, month + 1);
  return {fmt::format("{}-{:02}", year, month), StartOfMonthJst(year, month), end};
}

bool ParseDigits(std::string_view text, int& value) {
  if (text.empty() || text.size() > 4) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;  // from_chars would take a sign
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

std::optional<int64_t> Seconds(const std::optional<Timestamp>& stamp, Timestamp from) {
  if (!stamp) return std::nullopt;
  return std::max<int64_t>(0,
                           std::chrono::duration_cast<std::chrono::seconds>(*stamp - from).count());
}

void Finish(Distribution& distribution, std::vector<int64_t>& seconds) {
  distribution.count = static_cast<int64_t>(seconds.size());
  if (seconds.empty()) return;
  std::sort(seconds.begin(), seconds.end());
  int64_t sum = 0;
  for (int64_t value : seconds) {
    sum += value;
    size_t bucket = 0;
    while (bucket < kDurationBucketBounds.size() && value > kDurationBucketBounds[bucket]) ++bucket;
    ++distribution.buckets[bucket];
  }
  size_t n = seconds.size();
  distribution.mean = sum / static_cast<int64_t>(n);
  distribution.median = seconds[(n - 1) / 2];  // the lower median: a time that really occurred
  distribution.p90 = seconds[(n * 9 + 9) / 10 - 1];  // nearest rank: ceil(0.9 n)
  distribution.min = seconds.front();
  distribution.max = seconds.back();
}

// Accumulates one period's counts; durations are collected, then Finish()ed.
struct Accumulator {
  PeriodStats stats;
  std::vector<int64_t> acknowledge, contain, recover;

  explicit Accumulator(StatsPeriod period) {
    stats.period = std::move(period);
    stats.reports_by_category.assign(Categories().size(), 0);
    stats.incidents_by_category.assign(Categories().size(), 0);
  }
  bool Contains(Timestamp at) const { return at >= stats.period.start && at < stats.period.end; }

  void Add(const Report& report) {
    ++stats.reports;
    if (report.status == ReportStatus::kNotIncident) ++stats.reports_not_incident;
    if (report.category) {
      ++stats.reports_by_category[static_cast<size_t>(*report.category)];
    } else {
      ++stats.reports_uncategorised;
    }
  }
  void Add(const Incident& incident) {
    if (incident.state == State::kNotAnIncident) {
      ++stats.incidents_not_incident;
      return;
    }
    ++stats.incidents;
    ++stats.incidents_by_category[static_cast<size_t>(incident.category)];
    if (auto s = Seconds(incident.acknowledged_at, incident.reported_at)) acknowledge.push_back(*s);
    if (auto s = Seconds(incident.contained_at, incident.reported_at)) {
      contain.push_back(*s);
      if (*s <= 3600) ++stats.contained_within_hour;
    }
    if (auto s = Seconds(incident.recovered_at, incident.reported_at)) recover.push_back(*s);
  }
  PeriodStats Finish() && {
    server::Finish(stats.acknowledge, acknowledge);
    server::Finish(stats.contain, contain);
    server::Finish(stats.recover, recover);
    return std::move(stats);
  }
};

}  // namespace

std::string_view ToString(StatsGranularity by) {
  return by == StatsGranularity::kQuarter ? "quarter" : "month";
}

StatsPeriod StatsPeriodContaining(Timestamp at, StatsGranularity by) {
  year_month_day date{std::chrono::floor<days>(at + kJstOffset)};
  return MakePeriod(static_cast<int>(date.year()), static_cast<unsigned>(date.month()), by);
}

Result<StatsPeriod> ParseStatsPeriod(std::string_view text, StatsGranularity by) {
  auto invalid = [&] {
    return Fail(
        ErrorCode::kInvalid,
        fmt::format("period \"{}\": expected 2026Q3, 2026-07 or 2026-07-15", text.substr(0, 40)));
  };
  int year = 0;
  if (text.size() < 6 || !ParseDigits(text.substr(0, 4), year) || year < 1970) return invalid();
  if (text.size() == 6 && (text[4] == 'Q' || text[4] == 'q')) {
    int quarter = 0;
    if (!ParseDigits(text.substr(5), quarter) || quarter < 1 || quarter > 4) return invalid();
    if (by == StatsGranularity::kMonth) {
      return Fail(ErrorCode::kInvalid, "a quarter as period needs by=quarter");
    }
    return MakePeriod(year, static_cast<unsigned>(quarter - 1) * 3 + 1, by);
  }
  int month = 0;
  if (text[4] != '-' || text.size() < 7 || !ParseDigits(text.substr(5, 2), month) || month < 1 ||
      month > 12) {
    return invalid();
  }
  if (text.size() == 7) return MakePeriod(year, static_cast<unsigned>(month), by);
  int day = 0;
  if (text.size() != 10 || text[7] != '-' || !ParseDigits(text.substr(8), day)) return invalid();
  year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                      std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return invalid();
  return MakePeriod(year, static_cast<unsigned>(month), by);
}

Result<std::vector<StatsPeriod>> StatsPeriods(const StatsPeriod& from, const StatsPeriod& to,
                                              StatsGranularity by) {
  if (to.start < from.start) return Fail(ErrorCode::kInvalid, "\"to\" lies before \"from\"");
  std::vector<StatsPeriod> periods{from};
  while (periods.back().start < to.start) {
    if (periods.size() >= kMaxStatsPeriods) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("at most {} periods per request", kMaxStatsPeriods));
    }
    // The period containing the first instant after this one.
    periods.push_back(StatsPeriodContaining(periods.back().end, by));
  }
  return periods;
}

Stats ComputeStats(std::span<const Incident> incidents, std::span<const Report> reports,
                   std::span<const StatsPeriod> periods, StatsGranularity by, Timestamp as_of) {
  Stats stats;
  stats.by = by;
  stats.as_of = as_of;
  std::vector<Accumulator> accumulators;
  for (const StatsPeriod& period : periods) accumulators.emplace_back(period);
  StatsPeriod whole{"total", periods.empty() ? as_of : periods.front().start,
                    periods.empty() ? as_of : periods.back().end};
  Accumulator total(whole);
  // Periods are contiguous and ordered: binary search by end.
  auto find = [&](Timestamp at) -> Accumulator* {
    auto it =
        std::upper_bound(accumulators.begin(), accumulators.end(), at,
                         [](Timestamp t, const Accumulator& a) { return t < a.stats.period.end; });
    return it != accumulators.end() && it->Contains(at) ? &*it : nullptr;
  };
  for (const Report& report : reports) {
    if (report.status == ReportStatus::kDuplicate) continue;
    if (Accumulator* accumulator = find(report.received_at)) {
      accumulator->Add(report);
      total.Add(report);
    }
  }
  for (const Incident& incident : incidents) {
    if (Accumulator* accumulator = find(incident.reported_at)) {
      accumulator->Add(incident);
      total.Add(incident);
    }
    bool open = incident.state != State::kClosed && incident.state != State::kNotAnIncident;
    if (!open || incident.reported_at > as_of) continue;
    int64_t age_days = std::chrono::floor<days>(as_of - incident.reported_at).count();
    size_t bucket = kAgeBucketLowerDays.size() - 1;
    while (bucket > 0 && age_days < kAgeBucketLowerDays[bucket]) --bucket;
    ++stats.open_by_age[bucket];
    ++stats.open;
  }
  for (Accumulator& accumulator : accumulators) {
    stats.periods.push_back(std::move(accumulator).Finish());
  }
  stats.total = std::move(total).Finish();
  return stats;
}

}  // namespace hikeshi::server
