#include "server/stats_load.h"

#include <vector>

namespace hikeshi::server {

Result<LoadedStats> LoadStats(Store& store, const StatsRequest& request, Timestamp now) {
  StatsPeriod to = StatsPeriodContaining(now, request.by);
  if (!request.to.empty()) {
    auto parsed = ParseStatsPeriod(request.to, request.by);
    if (!parsed) return std::unexpected(parsed.error());
    to = std::move(*parsed);
  }
  StatsPeriod from = to;
  if (!request.from.empty()) {
    auto parsed = ParseStatsPeriod(request.from, request.by);
    if (!parsed) return std::unexpected(parsed.error());
    from = std::move(*parsed);
  } else {
    for (int i = 0; i < 3; ++i) {
      from = StatsPeriodContaining(from.start - std::chrono::microseconds{1}, request.by);
    }
  }
  auto periods = StatsPeriods(from, to, request.by);
  if (!periods) return std::unexpected(periods.error());

  LoadedStats loaded;
  // Every incident is needed (open ones of any age count in open_by_age); the query has no date
  // filter, so page through newest first.
  std::vector<Incident> incidents;
  IncidentQuery incident_query;
  incident_query.limit = kMaxPageSize;
  while (true) {
    auto page = store.ListIncidents(incident_query);
    if (!page) return std::unexpected(page.error());
    for (Incident& incident : page->items) incidents.push_back(std::move(incident));
    if (!page->next_before_id) break;
    if (static_cast<int64_t>(incidents.size()) >= kMaxStatsRecords) {
      loaded.truncated = true;
      break;
    }
    incident_query.before_id = page->next_before_id;
  }
  // Reports arrive in id order, so once a whole page lies before the range the rest does too.
  std::vector<Report> reports;
  ReportQuery report_query;
  report_query.limit = kMaxPageSize;
  while (true) {
    auto page = store.ListReports(report_query);
    if (!page) return std::unexpected(page.error());
    bool any_in_range = false;
    for (Report& report : page->items) {
      if (report.received_at >= periods->front().start) any_in_range = true;
      report.text.clear();  // not needed; keeps memory flat
      reports.push_back(std::move(report));
    }
    if (!page->next_before_id || !any_in_range) break;
    if (static_cast<int64_t>(reports.size()) >= kMaxStatsRecords) {
      loaded.truncated = true;
      break;
    }
    report_query.before_id = page->next_before_id;
  }
  loaded.stats = ComputeStats(incidents, reports, *periods, request.by, now);
  return loaded;
}

}  // namespace hikeshi::server
