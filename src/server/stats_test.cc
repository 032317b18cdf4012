#include "server/stats.h"

#include <gtest/gtest.h>

#include "server/stats_json.h"

namespace hikeshi::server {
namespace {

Timestamp At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

Incident MakeIncidentAt(std::string_view reported, Category category, State state) {
  Incident incident;
  incident.reported_at = At(reported);
  incident.category = category;
  incident.state = state;
  return incident;
}

Report MakeReportAt(std::string_view received, std::optional<Category> category,
                    ReportStatus status = ReportStatus::kNew) {
  Report report;
  report.received_at = At(received);
  report.category = category;
  report.status = status;
  return report;
}

size_t Index(Category category) { return static_cast<size_t>(category); }

TEST(StatsPeriodTest, QuartersAreCalendarQuartersInJst) {
  auto q3 = ParseStatsPeriod("2026Q3", StatsGranularity::kQuarter);
  ASSERT_TRUE(q3);
  EXPECT_EQ(q3->label, "2026Q3");
  EXPECT_EQ(FormatRfc3339(q3->start), "2026-06-30T15:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339(q3->end), "2026-09-30T15:00:00.000000Z");
  auto q4 = ParseStatsPeriod("2026q4", StatsGranularity::kQuarter);
  ASSERT_TRUE(q4);
  EXPECT_EQ(FormatRfc3339(q4->end), "2026-12-31T15:00:00.000000Z");
  EXPECT_EQ(ParseStatsPeriod("2026-08-31", StatsGranularity::kQuarter)->label, "2026Q3");
  EXPECT_EQ(ParseStatsPeriod("2026-08", StatsGranularity::kMonth)->label, "2026-08");
  // One microsecond before midnight JST on 1 July is still June / Q2.
  EXPECT_EQ(
      StatsPeriodContaining(At("2026-06-30T14:59:59.999999Z"), StatsGranularity::kQuarter).label,
      "2026Q2");
  EXPECT_EQ(StatsPeriodContaining(At("2026-06-30T15:00:00Z"), StatsGranularity::kMonth).label,
            "2026-07");
}

TEST(StatsPeriodTest, RejectsMalformedPeriods) {
  for (std::string_view bad :
       {"", "2026", "2026Q0", "2026Q5", "2026-13", "2026-00", "2026-02-30", "1969Q1", "20x6Q1",
        "2026-7", "2026-07-1", "2026Q3 ", "2026--1", "2026-07--1", "+026Q1", "2026Q+3"}) {
    EXPECT_FALSE(ParseStatsPeriod(bad, StatsGranularity::kQuarter)) << bad;
  }
  EXPECT_FALSE(ParseStatsPeriod("2026Q3", StatsGranularity::kMonth));
}

TEST(StatsPeriodTest, RangesAreInclusiveAndBounded) {
  auto from = *ParseStatsPeriod("2025Q4", StatsGranularity::kQuarter);
  auto to = *ParseStatsPeriod("2026Q3", StatsGranularity::kQuarter);
  auto periods = StatsPeriods(from, to, StatsGranularity::kQuarter);
  ASSERT_TRUE(periods);
  ASSERT_EQ(periods->size(), 4u);
  EXPECT_EQ((*periods)[1].label, "2026Q1");
  EXPECT_EQ((*periods)[3].label, "2026Q3");
  EXPECT_FALSE(StatsPeriods(to, from, StatsGranularity::kQuarter));
  auto far = *ParseStatsPeriod("2000-01", StatsGranularity::kMonth);
  auto near = *ParseStatsPeriod("2026-01", StatsGranularity::kMonth);
  EXPECT_FALSE(StatsPeriods(far, near, StatsGranularity::kMonth));  // 313 months > 120
}

class StatsFixture : public testing::Test {
 protected:
  void SetUp() override {
    // Q2: reported 1 µs before the quarter turns in JST.
    incidents_.push_back(
        MakeIncidentAt("2026-06-30T14:59:59.999999Z", Category::kScan, State::kTriage));
    // Q3: reported exactly at midnight JST on 1 July, contained after 30 minutes, closed.
    Incident fast = MakeIncidentAt("2026-06-30T15:00:00Z", Category::kPhishing, State::kClosed);
    fast.acknowledged_at = At("2026-06-30T15:05:00Z");
    fast.contained_at = At("2026-06-30T15:30:00Z");
    fast.recovered_at = At("2026-07-01T15:00:00Z");
    fast.closed_at = At("2026-07-02T00:00:00Z");
    incidents_.push_back(fast);
    // Q3: reopened after closing: back in open, closed_at cleared, first stamps kept.
    Incident reopened = MakeIncidentAt("2026-08-01T00:00:00Z", Category::kIntrusion, State::kOpen);
    reopened.acknowledged_at = At("2026-08-01T01:00:00Z");
    reopened.contained_at = At("2026-08-01T02:00:00Z");  // 2 h: not within the hour
    reopened.recovered_at = At("2026-08-03T00:00:00Z");
    incidents_.push_back(reopened);
    // Q3: exactly one hour to containment counts as within the hour.
    Incident hour = MakeIncidentAt("2026-09-01T00:00:00Z", Category::kPhishing, State::kContained);
    hour.acknowledged_at = At("2026-09-01T00:10:00Z");
    hour.contained_at = At("2026-09-01T01:00:00Z");
    incidents_.push_back(hour);
    // Q3 but not an incident: counted apart, no metrics.
    incidents_.push_back(
        MakeIncidentAt("2026-09-02T00:00:00Z", Category::kOther, State::kNotAnIncident));

    reports_.push_back(
        MakeReportAt("2026-09-30T14:59:59Z", Category::kPhishing));  // Q3, last second
    reports_.push_back(MakeReportAt("2026-09-30T15:00:00Z", Category::kPhishing));  // Q4
    reports_.push_back(MakeReportAt("2026-07-10T00:00:00Z", std::nullopt));
    reports_.push_back(
        MakeReportAt("2026-07-11T00:00:00Z", Category::kOther, ReportStatus::kNotIncident));
    reports_.push_back(MakeReportAt("2026-07-12T00:00:00Z", Category::kPhishing,
                                    ReportStatus::kDuplicate));  // never counted
    auto from = *ParseStatsPeriod("2026Q2", StatsGranularity::kQuarter);
    auto to = *ParseStatsPeriod("2026Q4", StatsGranularity::kQuarter);
    periods_ = *StatsPeriods(from, to, StatsGranularity::kQuarter);
  }

  std::vector<Incident> incidents_;
  std::vector<Report> reports_;
  std::vector<StatsPeriod> periods_;
};

TEST_F(StatsFixture, CountsByQuarterInJst) {
  Stats stats = ComputeStats(incidents_, reports_, periods_, StatsGranularity::kQuarter,
                             At("2026-10-15T00:00:00Z"));
  ASSERT_EQ(stats.periods.size(), 3u);
  const PeriodStats& q2 = stats.periods[0];
  const PeriodStats& q3 = stats.periods[1];
  const PeriodStats& q4 = stats.periods[2];
  EXPECT_EQ(q2.incidents, 1);
  EXPECT_EQ(q2.incidents_by_category[Index(Category::kScan)], 1);
  EXPECT_EQ(q3.incidents, 3);
  EXPECT_EQ(q3.incidents_by_category[Index(Category::kPhishing)], 2);
  EXPECT_EQ(q3.incidents_by_category[Index(Category::kIntrusion)], 1);
  EXPECT_EQ(q3.incidents_not_incident, 1);
  EXPECT_EQ(q3.reports, 3);
  EXPECT_EQ(q3.reports_by_category[Index(Category::kPhishing)], 1);
  EXPECT_EQ(q3.reports_uncategorised, 1);
  EXPECT_EQ(q3.reports_not_incident, 1);
  EXPECT_EQ(q4.reports, 1);
  EXPECT_EQ(q4.incidents, 0);
  EXPECT_EQ(stats.total.incidents, 4);
  EXPECT_EQ(stats.total.reports, 4);
}

TEST_F(StatsFixture, ResponseTimesKeepFirstStampsOfReopenedIncidents) {
  Stats stats = ComputeStats(incidents_, reports_, periods_, StatsGranularity::kQuarter,
                             At("2026-10-15T00:00:00Z"));
  const PeriodStats& q3 = stats.periods[1];
  EXPECT_EQ(q3.acknowledge.count, 3);
  EXPECT_EQ(q3.acknowledge.min, 300);
  EXPECT_EQ(q3.acknowledge.max, 3600);
  EXPECT_EQ(q3.contain.count, 3);
  EXPECT_EQ(q3.contain.median, 3600);  // 1800, 3600, 7200
  EXPECT_EQ(q3.contain.mean, 4200);
  EXPECT_EQ(q3.contain.p90, 7200);
  EXPECT_EQ(q3.contained_within_hour, 2);
  EXPECT_EQ(q3.contain.buckets[0], 2);  // ≤ 1 h
  EXPECT_EQ(q3.contain.buckets[1], 1);  // ≤ 4 h
  EXPECT_EQ(q3.recover.count, 2);
  EXPECT_EQ(q3.recover.median, 86400);  // lower median of 86400, 172800
  // Open at as_of: the Q2 triage one (107 days), the reopened one (75 days), the contained one.
  EXPECT_EQ(stats.open, 3);
  EXPECT_EQ(stats.open_by_age[3], 2);  // 30–90 days
  EXPECT_EQ(stats.open_by_age[4], 1);  // ≥ 90 days
}

TEST_F(StatsFixture, CsvCarriesTheSameNumbers) {
  Stats stats = ComputeStats(incidents_, reports_, periods_, StatsGranularity::kQuarter,
                             At("2026-10-15T00:00:00Z"));
  std::string csv = StatsToCsv(stats);
  EXPECT_TRUE(csv.starts_with("period,metric,key,value\n"));
  EXPECT_NE(csv.find("2026Q3,incidents,phishing,2\n"), std::string::npos);
  EXPECT_NE(csv.find("2026Q3,time_to_contain_seconds,median,3600\n"), std::string::npos);
  EXPECT_NE(csv.find("2026Q2,time_to_contain_seconds,median,\n"), std::string::npos);
  EXPECT_NE(csv.find("now,open_by_age,30d_90d,2\n"), std::string::npos);
  auto json = StatsToJson(stats, false);
  EXPECT_EQ(json["periods"][1]["incidents_by_category"]["phishing"], 2);
  EXPECT_EQ(json["periods"][1]["incidents_by_rsit"]["fraud:phishing"], 2);
  EXPECT_DOUBLE_EQ(json["periods"][1]["contained_within_hour_share"].get<double>(), 2.0 / 3.0);
  EXPECT_TRUE(json["periods"][0]["contained_within_hour_share"].is_null());
}

}  // namespace
}  // namespace hikeshi::server
