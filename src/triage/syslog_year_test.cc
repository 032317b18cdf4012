// RFC 3164 year inference (SyslogYear) and its consequences for whole files.
#include <gtest/gtest.h>

#include "triage/syslog_parser.h"

namespace hikeshi::triage {
namespace {

using std::chrono::minutes;

Timestamp At(const char* text) { return *ParseRfc3339(text); }

std::string Resolve(SyslogYear& year, int month, int day, int hour = 12) {
  auto time = year.Resolve(month, day, hour, 0, 0, 0);
  return time ? FormatRfc3339(*time) : "none";
}

TEST(SyslogYear, LineBeforeModificationTimeGetsItsYear) {
  SyslogYear year(At("2026-11-25T08:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(year, 11, 25, 7), "2026-11-25T07:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 1, 1), "2026-01-01T12:00:00.000000Z");
}

TEST(SyslogYear, DecemberLineInFileModifiedInJanuaryIsPreviousYear) {
  SyslogYear year(At("2027-01-02T03:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(year, 12, 31, 23), "2026-12-31T23:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 1, 1, 0), "2027-01-01T00:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 1, 2, 2), "2027-01-02T02:00:00.000000Z");
}

TEST(SyslogYear, TimestampsMovingBackwardsOverTheYearBoundaryStayConsecutive) {
  // Dec 30, Dec 31, Jan 1 in a file last written on Jan 1: the month goes from 12 back to 1,
  // the resolved instants still increase.
  SyslogYear year(At("2027-01-01T00:05:00Z"), minutes{0});
  auto dec30 = year.Resolve(12, 30, 23, 59, 58, 0);
  auto dec31 = year.Resolve(12, 31, 23, 59, 59, 0);
  auto jan1 = year.Resolve(1, 1, 0, 0, 1, 0);
  ASSERT_TRUE(dec30 && dec31 && jan1);
  EXPECT_LT(*dec30, *dec31);
  EXPECT_LT(*dec31, *jan1);
  EXPECT_EQ(FormatRfc3339(*jan1), "2027-01-01T00:00:01.000000Z");
}

TEST(SyslogYear, SmallClockSkewAfterModificationTimeKeepsTheYear) {
  // A line up to two days "after" the file time (buffered writes, a wrong local offset) is
  // still this year, not eleven months ago.
  SyslogYear year(At("2026-06-10T00:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(year, 6, 11, 12), "2026-06-11T12:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 6, 13, 12), "2025-06-13T12:00:00.000000Z");
}

TEST(SyslogYear, TimesOnTheSameDayAreJudgedOneByOne) {
  // The reference + two days boundary falls inside June 12: the morning is this year, the
  // evening the year before, whatever order the lines come in (the day start is cached).
  SyslogYear year(At("2026-06-10T12:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(year, 6, 12, 10), "2026-06-12T10:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 6, 12, 13), "2025-06-12T13:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 6, 12, 11), "2026-06-12T11:00:00.000000Z");
  EXPECT_EQ(Resolve(year, 6, 12, 12), "2026-06-12T12:00:00.000000Z");
}

TEST(SyslogYear, LeapDayFindsTheLastLeapYear) {
  SyslogYear year(At("2027-03-01T00:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(year, 2, 29), "2024-02-29T12:00:00.000000Z");
  SyslogYear in_leap_year(At("2028-03-01T00:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(in_leap_year, 2, 29), "2028-02-29T12:00:00.000000Z");
}

TEST(SyslogYear, ImpossibleDatesResolveToNothing) {
  SyslogYear year(At("2026-06-10T00:00:00Z"), minutes{0});
  EXPECT_EQ(Resolve(year, 4, 31), "none");
  EXPECT_EQ(Resolve(year, 13, 1), "none");
  EXPECT_EQ(Resolve(year, 2, 30), "none");
}

TEST(SyslogYear, LocalOffsetAppliesToWallClockAndToTheYearOfTheReference) {
  // 2026-12-31T20:00Z is already 2027-01-01 05:00 in Tokyo: the reference year is 2027 there.
  SyslogYear tokyo(At("2026-12-31T20:00:00Z"), minutes{9 * 60});
  EXPECT_EQ(Resolve(tokyo, 1, 1, 4), "2026-12-31T19:00:00.000000Z");
  EXPECT_EQ(Resolve(tokyo, 12, 31, 23), "2026-12-31T14:00:00.000000Z");
}

TEST(SyslogYear, ParsedLineUsesTheReference) {
  SyslogYear year(At("2027-01-02T00:00:00Z"), minutes{0});
  Event event;
  AnomalyCounts anomalies;
  ASSERT_TRUE(ParseSyslog3164("Dec 31 23:59:59 gw sshd[1]: x", year, event, anomalies));
  ASSERT_TRUE(event.time);
  EXPECT_EQ(FormatRfc3339(*event.time), "2026-12-31T23:59:59.000000Z");
}

}  // namespace
}  // namespace hikeshi::triage
