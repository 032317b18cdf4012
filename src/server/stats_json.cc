#include "server/stats_json.h"

#include <fmt/format.h>

#include "core/category.h"

namespace hikeshi::server {
namespace {

constexpr std::string_view kDurationBucketNames[] = {"le_1h", "le_4h", "le_24h",
                                                     "le_3d", "le_7d", "gt_7d"};
constexpr std::string_view kAgeBucketNames[] = {"lt_1d", "1d_7d", "7d_30d", "30d_90d", "ge_90d"};
static_assert(std::size(kDurationBucketNames) == kDurationBucketBounds.size() + 1);
static_assert(std::size(kAgeBucketNames) == kAgeBucketLowerDays.size());

ResponseJson OrNull(const std::optional<int64_t>& value) {
  return value ? ResponseJson(*value) : ResponseJson(nullptr);
}

ResponseJson DistributionToJson(const Distribution& distribution) {
  ResponseJson buckets = ResponseJson::object();
  for (size_t i = 0; i < distribution.buckets.size(); ++i) {
    buckets[std::string(kDurationBucketNames[i])] = distribution.buckets[i];
  }
  return {{"count", distribution.count},           {"mean", OrNull(distribution.mean)},
          {"median", OrNull(distribution.median)}, {"p90", OrNull(distribution.p90)},
          {"min", OrNull(distribution.min)},       {"max", OrNull(distribution.max)},
          {"buckets", std::move(buckets)}};
}

ResponseJson ByCategory(const std::vector<int64_t>& counts) {
  ResponseJson json = ResponseJson::object();
  for (const CategoryInfo& info : Categories()) {
    json[std::string(info.name)] = counts[static_cast<size_t>(info.category)];
  }
  return json;
}

// The RSIT view: the same counts keyed by RSIT "class:type" (several categories may share one).
ResponseJson ByRsit(const std::vector<int64_t>& counts) {
  ResponseJson json = ResponseJson::object();
  for (const CategoryInfo& info : Categories()) {
    std::string key(info.rsit);
    int64_t previous = json.contains(key) ? json[key].get<int64_t>() : 0;
    json[key] = previous + counts[static_cast<size_t>(info.category)];
  }
  return json;
}

ResponseJson PeriodToJson(const PeriodStats& period) {
  double share = period.contain.count == 0 ? 0.0
                                           : static_cast<double>(period.contained_within_hour) /
                                                 static_cast<double>(period.contain.count);
  return {{"period", period.period.label},
          {"start", FormatRfc3339(period.period.start)},
          {"end", FormatRfc3339(period.period.end)},
          {"reports", period.reports},
          {"reports_uncategorised", period.reports_uncategorised},
          {"reports_not_incident", period.reports_not_incident},
          {"reports_by_category", ByCategory(period.reports_by_category)},
          {"reports_by_rsit", ByRsit(period.reports_by_category)},
          {"incidents", period.incidents},
          {"incidents_not_incident", period.incidents_not_incident},
          {"incidents_by_category", ByCategory(period.incidents_by_category)},
          {"incidents_by_rsit", ByRsit(period.incidents_by_category)},
          {"time_to_acknowledge_seconds", DistributionToJson(period.acknowledge)},
          {"time_to_contain_seconds", DistributionToJson(period.contain)},
          {"time_to_recover_seconds", DistributionToJson(period.recover)},
          {"contained_within_hour", period.contained_within_hour},
          {"contained_within_hour_share",
           period.contain.count == 0 ? ResponseJson(nullptr) : ResponseJson(share)}};
}

void DistributionRows(std::string& csv, std::string_view period, std::string_view metric,
                      const Distribution& distribution) {
  auto row = [&](std::string_view key, const std::optional<int64_t>& value) {
    csv +=
        fmt::format("{},{},{},{}\n", period, metric, key, value ? fmt::format("{}", *value) : "");
  };
  row("count", distribution.count);
  row("mean", distribution.mean);
  row("median", distribution.median);
  row("p90", distribution.p90);
  row("min", distribution.min);
  row("max", distribution.max);
  for (size_t i = 0; i < distribution.buckets.size(); ++i) {
    row(kDurationBucketNames[i], distribution.buckets[i]);
  }
}

void PeriodRows(std::string& csv, const PeriodStats& period) {
  std::string_view label = period.period.label;
  for (const CategoryInfo& info : Categories()) {
    csv += fmt::format("{},reports,{},{}\n", label, info.name,
                       period.reports_by_category[static_cast<size_t>(info.category)]);
  }
  csv += fmt::format("{},reports,uncategorised,{}\n", label, period.reports_uncategorised);
  csv += fmt::format("{},reports,not-an-incident,{}\n", label, period.reports_not_incident);
  csv += fmt::format("{},reports,all,{}\n", label, period.reports);
  for (const CategoryInfo& info : Categories()) {
    csv += fmt::format("{},incidents,{},{}\n", label, info.name,
                       period.incidents_by_category[static_cast<size_t>(info.category)]);
  }
  csv += fmt::format("{},incidents,not-an-incident,{}\n", label, period.incidents_not_incident);
  csv += fmt::format("{},incidents,all,{}\n", label, period.incidents);
  DistributionRows(csv, label, "time_to_acknowledge_seconds", period.acknowledge);
  DistributionRows(csv, label, "time_to_contain_seconds", period.contain);
  DistributionRows(csv, label, "time_to_recover_seconds", period.recover);
  csv += fmt::format("{},contained_within_hour,count,{}\n", label, period.contained_within_hour);
}

}  // namespace

ResponseJson StatsToJson(const Stats& stats, bool truncated) {
  ResponseJson periods = ResponseJson::array();
  for (const PeriodStats& period : stats.periods) periods.push_back(PeriodToJson(period));
  ResponseJson ages = ResponseJson::object();
  for (size_t i = 0; i < stats.open_by_age.size(); ++i) {
    ages[std::string(kAgeBucketNames[i])] = stats.open_by_age[i];
  }
  return {{"by", ToString(stats.by)},
          {"time_zone", "Asia/Tokyo"},
          {"as_of", FormatRfc3339(stats.as_of)},
          {"truncated", truncated},
          {"periods", std::move(periods)},
          {"total", PeriodToJson(stats.total)},
          {"open", stats.open},
          {"open_by_age", std::move(ages)}};
}

std::string StatsToCsv(const Stats& stats) {
  std::string csv = "period,metric,key,value\n";
  for (const PeriodStats& period : stats.periods) PeriodRows(csv, period);
  PeriodRows(csv, stats.total);
  for (size_t i = 0; i < stats.open_by_age.size(); ++i) {
    csv += fmt::format("now,open_by_age,{},{}\n", kAgeBucketNames[i], stats.open_by_age[i]);
  }
  csv += fmt::format("now,open,all,{}\n", stats.open);
  return csv;
}

}  // namespace hikeshi::server
