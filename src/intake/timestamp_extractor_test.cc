#include "intake/timestamp_extractor.h"

#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

struct Case {
  std::string text;
  std::string utc;  // RFC 3339, or empty: no timestamp
  TimestampFormat format = TimestampFormat::kIso8601;
  bool zone_assumed = false;
  size_t length = std::string::npos;  // bytes matched; npos = the whole text
};

TEST(MatchTimestampAt, ReadsEveryFormatToUtc) {
  const Case cases[] = {
      {"Thu, 29 Apr 2009 00:00:00 -0000", "2009-04-29T00:00:00Z", TimestampFormat::kRfc5322},
      {"29 Apr 2009 09:30:05 +0900", "2009-04-29T00:30:05Z", TimestampFormat::kRfc5322},
      {"Thu, 29 Apr 2009 00:00:00 GMT", "2009-04-29T00:00:00Z", TimestampFormat::kRfc5322},
      {"Mon, 2 Nov 2026 10:15 EST", "2026-11-02T15:15:00Z", TimestampFormat::kRfc5322},
      {"2 Nov 2026 10:15:00", "2026-11-02T10:15:00Z", TimestampFormat::kRfc5322, true},
      {"Thu, 29 Apr 2009 00:00:00 -0000 (EST)", "2009-04-29T00:00:00Z", TimestampFormat::kRfc5322,
       false, 31},
      {"2026-11-22T10:15:01Z", "2026-11-22T10:15:01Z"},
      {"2026-11-22T10:15:01.25+09:00", "2026-11-22T01:15:01.25Z"},
      {"2026-11-22 10:15:01 +0900", "2026-11-22T01:15:01Z"},
      {"2026-11-22 10:15:01 UTC", "2026-11-22T10:15:01Z"},
      {"2026/11/22 10:15", "2026-11-22T10:15:00Z", TimestampFormat::kIso8601, true},
      {"2026-11-22T10:15:01", "2026-11-22T10:15:01Z", TimestampFormat::kIso8601, true},
      {"22/Nov/2026:10:15:01 +0900", "2026-11-22T01:15:01Z", TimestampFormat::kCommonLog},
      {"Nov 22 10:15:01", "2026-11-22T10:15:01Z", TimestampFormat::kSyslog, true},
      {"Nov  2 10:15:01", "2026-11-02T10:15:01Z", TimestampFormat::kSyslog, true},
      {"Sun Dec 04 04:47:44 2005", "2005-12-04T04:47:44Z", TimestampFormat::kCtime, true},
      {"Dec  4 04:47:44 2005", "2005-12-04T04:47:44Z", TimestampFormat::kCtime, true},
      {"2026年11月22日 10時15分", "2026-11-22T01:15:00Z", TimestampFormat::kJapanese, true},
      {"2026年11月22日 10時15分30秒", "2026-11-22T01:15:30Z", TimestampFormat::kJapanese, true},
      {"2026年11月22日(日) 午後10時15分", "2026-11-22T13:15:00Z", TimestampFormat::kJapanese, true},
      {"2026年11月22日 午前12時05分", "2026-11-21T15:05:00Z", TimestampFormat::kJapanese, true},
      {"2026年1月2日 10:15:01 UTC", "2026-01-02T10:15:01Z", TimestampFormat::kJapanese},
      {"2026年11月22日 10:15 (UTC)", "2026-11-22T10:15:00Z", TimestampFormat::kJapanese},
      // Not timestamps: invalid fields, missing time, glued letters.
      {"2026-13-01 10:00", ""},
      {"2026-02-30 10:00", ""},
      {"2026-11-22", ""},
      {"2026-11-22 25:00", ""},
      {"29 Apr 2009", ""},
      {"Nov 22 10:15", ""},
      {"2026-11-22T10:15:01Zulu", ""},
      {"2026年11月22日", ""},
      {"Thu 29 Apr 2009 00:00:00", ""},
  };
  TimestampContext context{.syslog_year = 2026};
  for (const Case& c : cases) {
    auto match = MatchTimestampAt(c.text, 0, context);
    if (c.utc.empty()) {
      EXPECT_FALSE(match) << c.text;
      continue;
    }
    ASSERT_TRUE(match) << c.text;
    EXPECT_EQ(FormatRfc3339(match->time), FormatRfc3339(*ParseRfc3339(c.utc))) << c.text;
    EXPECT_EQ(match->format, c.format) << c.text;
    EXPECT_EQ(match->zone_assumed, c.zone_assumed) << c.text;
    EXPECT_EQ(match->end, c.length == std::string::npos ? c.text.size() : c.length) << c.text;
  }
}

TEST(MatchTimestampAt, SyslogNeedsTheYearFromTheCaller) {
  EXPECT_FALSE(MatchTimestampAt("Nov 22 10:15:01", 0, TimestampContext{}));
  EXPECT_TRUE(MatchTimestampAt("Nov 22 10:15:01 2025", 0, TimestampContext{}));
}

TEST(MatchTimestampAt, AppliesTheAssumedOffset) {
  TimestampContext context{.syslog_year = 2026, .assumed_utc_offset = std::chrono::hours(9)};
  auto match = MatchTimestampAt("Nov 22 10:15:01", 0, context);
  ASSERT_TRUE(match);
  EXPECT_EQ(FormatRfc3339(match->time), "2026-11-22T01:15:01.000000Z");
}

TEST(MatchTimestampAt, NeedsAWordStart) {
  EXPECT_FALSE(MatchTimestampAt("x2026-11-22T10:15:01Z", 1, TimestampContext{}));
}

}  // namespace
}  // namespace hikeshi::intake
