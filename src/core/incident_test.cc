#include "core/incident.h"

#include <gtest/gtest.h>

namespace hikeshi {
namespace {

using std::chrono::minutes;

const Timestamp kT0 = FromMicros(1'790'000'000'000'000);

Incident NewOne() {
  auto made = MakeIncident({.title = "Scan from 203.0.113.5", .category = Category::kScan}, kT0);
  EXPECT_TRUE(made);
  return made->first;
}

TEST(MakeIncident, ValidatesAndLogsCreation) {
  auto made = MakeIncident({.title = "ランサムウェア感染の疑い", .severity = Severity::kHigh}, kT0);
  ASSERT_TRUE(made);
  EXPECT_EQ(made->first.state, State::kNew);
  EXPECT_EQ(made->first.reported_at, kT0);
  EXPECT_EQ(made->second.action, "created");
  EXPECT_NE(made->second.text.find("ランサムウェア"), std::string::npos);

  EXPECT_EQ(MakeIncident({.title = "  "}, kT0).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(MakeIncident({.title = std::string(kMaxTitleBytes + 1, 'x')}, kT0).error().code,
            ErrorCode::kInvalid);
  EXPECT_EQ(MakeIncident({.title = "bad \xC0\xAF utf-8"}, kT0).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(MakeIncident({.title = "t", .reported_at = kT0 + minutes(1)}, kT0).error().code,
            ErrorCode::kInvalid);
}

TEST(ApplyTransition, StampsEachMilestoneOnce) {
  Incident incident = NewOne();
  incident.reported_at = kT0 - minutes(30);
  ASSERT_TRUE(ApplyTransition(incident, State::kTriage, "", std::nullopt, kT0));
  ASSERT_TRUE(ApplyTransition(incident, State::kOpen, "", std::nullopt, kT0 + minutes(5)));
  ASSERT_TRUE(
      ApplyTransition(incident, State::kContained, "isolated", std::nullopt, kT0 + minutes(40)));
  ASSERT_TRUE(ApplyTransition(incident, State::kRecovered, "", std::nullopt, kT0 + minutes(90)));
  auto closed = ApplyTransition(incident, State::kClosed, "done", std::nullopt, kT0 + minutes(100));
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->text, "recovered → closed: done");
  EXPECT_EQ(*TimeToAcknowledge(incident), minutes(30));
  EXPECT_EQ(*TimeToContain(incident), minutes(70));
  EXPECT_EQ(*TimeToRecover(incident), minutes(120));
  EXPECT_EQ(incident.closed_at, kT0 + minutes(100));

  // Reopen clears closed_at but keeps the first containment time for the metrics.
  ASSERT_TRUE(
      ApplyTransition(incident, State::kOpen, "reinfected", std::nullopt, kT0 + minutes(200)));
  EXPECT_FALSE(incident.closed_at);
  ASSERT_TRUE(ApplyTransition(incident, State::kContained, "", std::nullopt, kT0 + minutes(210)));
  EXPECT_EQ(*TimeToContain(incident), minutes(70));
}

TEST(ApplyTransition, IllegalMoveChangesNothing) {
  Incident incident = NewOne();
  Incident before = incident;
  auto result = ApplyTransition(incident, State::kClosed, "", std::nullopt, kT0 + minutes(1));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(incident.state, before.state);
  EXPECT_EQ(incident.updated_at, before.updated_at);
}

TEST(ApplyTransition, NotAnIncidentNeedsAReason) {
  Incident incident = NewOne();
  ASSERT_TRUE(ApplyTransition(incident, State::kTriage, "", std::nullopt, kT0));
  EXPECT_FALSE(ApplyTransition(incident, State::kNotAnIncident, "", std::nullopt, kT0));
  EXPECT_FALSE(ApplyTransition(incident, State::kOpen, "", NotIncidentReason::kSpam, kT0));
  auto done = ApplyTransition(incident, State::kNotAnIncident, "plain spam",
                              NotIncidentReason::kSpam, kT0 + minutes(2));
  ASSERT_TRUE(done);
  EXPECT_EQ(done->text, "triage → not-an-incident (spam): plain spam");
  EXPECT_EQ(incident.not_incident_reason, NotIncidentReason::kSpam);
  EXPECT_EQ(incident.closed_at, kT0 + minutes(2));
  ASSERT_TRUE(ApplyTransition(incident, State::kTriage, "new evidence", std::nullopt, kT0));
  EXPECT_FALSE(incident.not_incident_reason);
  EXPECT_FALSE(incident.closed_at);
}

TEST(ApplyPatch, LogsEachChangedFieldAndNothingWhenUnchanged) {
  Incident incident = NewOne();
  auto same = ApplyPatch(incident, {.title = incident.title}, kT0 + minutes(1));
  ASSERT_TRUE(same);
  EXPECT_FALSE(*same);
  EXPECT_EQ(incident.updated_at, kT0);

  auto changed =
      ApplyPatch(incident, {.severity = Severity::kCritical, .tlp = Tlp::kRed, .lead = "alice"},
                 kT0 + minutes(1));
  ASSERT_TRUE(changed && *changed);
  EXPECT_EQ((*changed)->text,
            "severity: medium → critical; tlp: TLP:AMBER → TLP:RED; lead: "
            "(none) → alice");
  EXPECT_EQ(incident.updated_at, kT0 + minutes(1));

  Incident before = incident;
  EXPECT_FALSE(ApplyPatch(incident, {.title = "", .severity = Severity::kLow}, kT0));
  EXPECT_EQ(incident.severity, before.severity);
}

TEST(MakeNote, RejectsEmptyAndOversized) {
  EXPECT_TRUE(MakeNote("called the ISP"));
  EXPECT_FALSE(MakeNote(""));
  EXPECT_FALSE(MakeNote(std::string(kMaxTextBytes + 1, 'a')));
}

}  // namespace
}  // namespace hikeshi
