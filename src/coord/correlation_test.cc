#include "coord/correlation.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

Timestamp At(int hour) {
  return FromMicros(int64_t{1'700'000'000} * 1'000'000 + hour * 3'600'000'000LL);
}

Report ScanReport(int64_t id, std::string reporter, std::vector<std::string> addresses, int hour) {
  Report report;
  report.id = id;
  report.reporter = std::move(reporter);
  report.received_at = At(hour);
  report.status = ReportStatus::kNew;
  report.category = Category::kScan;
  report.subject = "Port scan from your network";
  for (std::string& address : addresses) {
    report.observables.push_back({.kind = ObservableKind::kIpv4, .value = address});
  }
  return report;
}

TEST(CorrelationTest, TwoReportersOfOneSourceMakeItLikelyCompromised) {
  Report first = ScanReport(1, "a@site-a.example", {"198.51.100.7", "192.0.2.10"}, 0);
  Report second = ScanReport(2, "b@site-b.example", {"198.51.100.7", "203.0.113.20"}, 2);
  CorrelationOutcome outcome = Correlate(second, std::span(&first, 1), {});
  ASSERT_TRUE(outcome.compromised_source);
  EXPECT_EQ(*outcome.compromised_source, "198.51.100.7");
  EXPECT_FALSE(outcome.join_incident);  // nothing open yet: a new incident
  EXPECT_EQ(outcome.probed_targets, (std::vector<std::string>{"192.0.2.10", "203.0.113.20"}));
  EXPECT_EQ(outcome.reports_to_attach, std::vector<int64_t>{1});
  ASSERT_EQ(outcome.links.size(), 2u);
  EXPECT_EQ(outcome.links[0].rule, LinkRule::kSameSource);
  EXPECT_EQ(outcome.links[1].rule, LinkRule::kMultipleReporters);
  EXPECT_EQ(outcome.links[1].report_ids, (std::vector<int64_t>{2, 1}));
}

TEST(CorrelationTest, OneReporterTwiceIsNotIndependent) {
  Report first = ScanReport(1, "a@site-a.example", {"198.51.100.7"}, 0);
  Report second = ScanReport(2, "A@Site-A.example", {"198.51.100.7"}, 1);
  CorrelationOutcome outcome = Correlate(second, std::span(&first, 1), {});
  EXPECT_FALSE(outcome.compromised_source);
  ASSERT_EQ(outcome.links.size(), 1u);
  EXPECT_EQ(outcome.links[0].rule, LinkRule::kSameSource);
}

TEST(CorrelationTest, OutsideTheWindowNothingJoins) {
  Report first = ScanReport(1, "a@site-a.example", {"198.51.100.7"}, 0);
  Report second = ScanReport(2, "b@site-b.example", {"198.51.100.7"}, 24 * 8);
  CorrelationOutcome outcome = Correlate(second, std::span(&first, 1), {});
  EXPECT_FALSE(outcome.compromised_source);
  EXPECT_TRUE(outcome.links.empty());
}

TEST(CorrelationTest, ExtendsTheExistingCompromisedIncident) {
  std::vector<Report> earlier = {ScanReport(1, "a@x.example", {"198.51.100.7"}, 0),
                                 ScanReport(2, "b@y.example", {"198.51.100.7"}, 1)};
  earlier[0].incident_id = 9;
  earlier[1].incident_id = 9;
  Report third = ScanReport(3, "c@z.example", {"198.51.100.7", "192.0.2.30"}, 2);
  CorrelationOutcome outcome = Correlate(third, earlier, {});
  ASSERT_TRUE(outcome.compromised_source);
  EXPECT_EQ(outcome.join_incident, 9);
  EXPECT_TRUE(outcome.reports_to_attach.empty());
}

TEST(CorrelationTest, SameNetblockJoinsAnOpenIncident) {
  Report first = ScanReport(1, "a@x.example", {"198.51.100.7"}, 0);
  first.incident_id = 4;
  Report second = ScanReport(2, "a@x.example", {"198.51.100.99"}, 1);
  CorrelationOutcome outcome = Correlate(second, std::span(&first, 1), {});
  EXPECT_EQ(outcome.join_incident, 4);
  ASSERT_EQ(outcome.links.size(), 1u);
  EXPECT_EQ(outcome.links[0].rule, LinkRule::kSameNetblock);
  EXPECT_EQ(outcome.links[0].key, "198.51.100.0/24");
}

TEST(CorrelationTest, PrivateAddressesAreNotSources) {
  Report report = ScanReport(1, "a@x.example", {"10.0.0.1"}, 0);
  report.observables[0].flags = static_cast<uint32_t>(ObservableFlag::kPrivate);
  EXPECT_TRUE(SourceAddresses(report).empty());
}

TEST(CorrelationTest, PhishingCampaignBySubjectFingerprint) {
  Report first;
  first.id = 1;
  first.received_at = At(0);
  first.category = Category::kPhishing;
  first.subject = "Re: [SPAM] Your account 12345 is locked";
  first.incident_id = 7;
  Report second = first;
  second.id = 2;
  second.incident_id.reset();
  second.subject = "Your account 99 is locked";
  CorrelationOutcome outcome = Correlate(second, std::span(&first, 1), {});
  EXPECT_EQ(outcome.join_incident, 7);
  ASSERT_EQ(outcome.links.size(), 1u);
  EXPECT_EQ(outcome.links[0].rule, LinkRule::kSameCampaign);
  EXPECT_EQ(SubjectFingerprint("Re: [SPAM] Your account 12345 is locked"),
            "your account is locked");
  EXPECT_EQ(SubjectFingerprint("Hi"), "");
}

TEST(CorrelationTest, KeysAreBounded) {
  Report report = ScanReport(1, "a@x.example", {}, 0);
  for (int i = 0; i < 100; ++i) {
    report.observables.push_back(
        {.kind = ObservableKind::kIpv4, .value = "198.51.100." + std::to_string(i)});
  }
  CorrelationOptions options;
  EXPECT_EQ(CorrelationKeys(report, options).size(), options.max_keys);
}

TEST(CorrelationTest, NeedsInfoReportsJoinIncidentsButNeverMakeASourceCompromised) {
  Report first = ScanReport(1, "a@site-a.example", {"198.51.100.7"}, 0);
  Report second = ScanReport(2, "b@site-b.example", {"198.51.100.7"}, 1);
  second.status = ReportStatus::kNeedsInfo;
  // As the trigger: linked, but no compromised source.
  CorrelationOutcome outcome = Correlate(second, std::span(&first, 1), {});
  EXPECT_FALSE(outcome.compromised_source);
  ASSERT_EQ(outcome.links.size(), 1u);
  EXPECT_EQ(outcome.links[0].rule, LinkRule::kSameSource);
  EXPECT_FALSE(outcome.join_incident);  // nothing to join yet: a responder decides
  // As a peer: not counted as an independent reporter either.
  outcome =
      Correlate(ScanReport(3, "c@site-c.example", {"198.51.100.7"}, 2), std::span(&second, 1), {});
  EXPECT_FALSE(outcome.compromised_source);
  // Once an incident exists, a needs-info report joins it as evidence.
  first.incident_id = 9;
  outcome = Correlate(second, std::span(&first, 1), {});
  ASSERT_TRUE(outcome.join_incident);
  EXPECT_EQ(*outcome.join_incident, 9);
}

}  // namespace
}  // namespace hikeshi::coord
