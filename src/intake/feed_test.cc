#include "intake/feed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/sha256.h"

namespace hikeshi::intake {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr Timestamp kArrival{std::chrono::microseconds{1'790'000'000'000'000}};

struct Parsed {
  FeedSummary summary;
  std::vector<Report> reports;
};

Parsed Parse(std::string_view bytes, FeedFormat format, FeedLimits limits = {}) {
  Parsed parsed;
  FeedOptions options{.feed_name = "shadowserver", .received_at = kArrival, .limits = limits};
  auto summary = ParseFeed(bytes, format, options,
                           [&](Report&& r) { parsed.reports.push_back(std::move(r)); });
  EXPECT_TRUE(summary) << summary.error().message;
  if (summary) parsed.summary = *summary;
  return parsed;
}

// The shape of a Shadowserver scan report: quoted header, UTC times with a space, asn, geo, tag.
constexpr std::string_view kShadowserverCsv =
    "\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\",\"region\"\n"
    "\"2026-11-22 01:15:07\",\"203.0.113.5\",\"tcp\",22,,\"scan_ssh\",64496,\"JP\",\"TOKYO\"\n"
    "\"2026-11-22 01:16:00\",\"2001:DB8:0:0::1\",\"tcp\",23,\"host.example.jp\","
    "\"honeypot_brute_force\",\"AS64497\",\"JP\",\"OSAKA, \"\"KITA\"\"\"\n";

TEST(ParseFeed, ShadowserverCsvRowsBecomeReports) {
  Parsed parsed = Parse(kShadowserverCsv, FeedFormat::kCsv);
  EXPECT_EQ(parsed.summary.rows, 2);
  EXPECT_EQ(parsed.summary.reports, 2);
  ASSERT_EQ(parsed.reports.size(), 2u);

  const Report& scan = parsed.reports[0];
  EXPECT_EQ(scan.channel, "feed");
  EXPECT_EQ(scan.format, "csv");
  EXPECT_EQ(scan.reporter, "shadowserver");
  EXPECT_EQ(scan.status, ReportStatus::kNew);
  EXPECT_EQ(scan.category, Category::kScan);
  EXPECT_EQ(scan.rsit, "information-gathering:scanner");
  EXPECT_EQ(scan.triage_rule, "feed tag \"scan_ssh\" matched \"scan\"");
  EXPECT_EQ(scan.event_time, ParseRfc3339("2026-11-22T01:15:07Z"));
  EXPECT_EQ(scan.received_at, kArrival);
  EXPECT_EQ(scan.subject, "shadowserver: scan_ssh 203.0.113.5 port 22");
  // The evidence explains itself: header and row.
  EXPECT_THAT(scan.raw, HasSubstr("\"timestamp\",\"ip\""));
  EXPECT_THAT(scan.raw, HasSubstr("\"203.0.113.5\",\"tcp\",22"));
  EXPECT_EQ(scan.sha256, Sha256Hex(scan.raw));
  EXPECT_THAT(scan.reference, ::testing::StartsWith("row:"));
  ASSERT_EQ(scan.observables.size(), 2u);
  EXPECT_EQ(scan.observables[0].kind, ObservableKind::kIpv4);
  EXPECT_EQ(scan.observables[0].value, "203.0.113.5");
  EXPECT_EQ(scan.observables[1].kind, ObservableKind::kAsn);
  EXPECT_EQ(scan.observables[1].value, "AS64496");
  EXPECT_THAT(scan.text, HasSubstr("geo: JP\n"));

  const Report& brute = parsed.reports[1];
  EXPECT_EQ(brute.category, Category::kIntrusion);
  ASSERT_EQ(brute.observables.size(), 3u);
  EXPECT_EQ(brute.observables[0].value, "2001:db8::1");  // canonical form
  EXPECT_EQ(brute.observables[0].original, "2001:DB8:0:0::1");
  EXPECT_EQ(brute.observables[1].kind, ObservableKind::kDomain);
  EXPECT_EQ(brute.observables[2].value, "AS64497");
  EXPECT_THAT(brute.text, HasSubstr("region: OSAKA, \"KITA\"\n"));
}

TEST(ParseFeed, SameRowTwiceHasTheSameReference) {
  Parsed once = Parse(kShadowserverCsv, FeedFormat::kCsv);
  Parsed again = Parse(kShadowserverCsv, FeedFormat::kCsv);
  EXPECT_EQ(once.reports[0].reference, again.reports[0].reference);
  EXPECT_NE(once.reports[0].reference, once.reports[1].reference);
}

TEST(ParseFeed, BadRowsAreCountedAndSkipped) {
  Parsed parsed = Parse(
      "ip,timestamp,tag\n"
      "203.0.113.9,2026-11-22T01:00:00Z,scan\n"
      "not-an-ip,2026-11-22T01:00:00Z,scan\n"
      "203.0.113.10,2026-11-22T01:00:00Z\n"
      "\"203.0.113.11,2026-11-22T01:00:00Z,scan\n",
      FeedFormat::kCsv);
  EXPECT_EQ(parsed.summary.rows, 2);  // the unterminated quote swallows the rest as one record
  EXPECT_EQ(parsed.summary.reports, 1);
  EXPECT_EQ(parsed.summary.errors, 3);
  ASSERT_EQ(parsed.summary.first_errors.size(), 3u);
  EXPECT_EQ(parsed.summary.first_errors[0].line, 3);
  EXPECT_THAT(parsed.summary.first_errors[0].message, HasSubstr("not an IP address"));
  EXPECT_EQ(parsed.summary.first_errors[1].line, 4);
  EXPECT_THAT(parsed.summary.first_errors[1].message, HasSubstr("2 fields where the header has 3"));
  EXPECT_THAT(parsed.summary.first_errors[2].message, HasSubstr("unterminated"));
}

TEST(ParseFeed, CsvWithoutAnActionableColumnIsRefused) {
  FeedOptions options{.feed_name = "x"};
  auto result = ParseFeed("name,comment\na,b\n", FeedFormat::kCsv, options, [](Report&&) {});
  ASSERT_FALSE(result);
  EXPECT_THAT(result.error().message, HasSubstr("no ip, hostname or url column"));
}

TEST(ParseFeed, JsonLinesWithNestedFieldsAndEpochTimes) {
  Parsed parsed = Parse(
      "{\"time\": 1795000000, \"source\": {\"ip\": \"198.51.100.7\", \"port\": 445}, "
      "\"classification\": {\"type\": \"infected-system\"}, \"id\": \"evt-1\"}\n"
      "\n"
      "{\"timestamp\": \"2026-11-22T10:15:00+09:00\", \"url\": \"http://phish.example/login\", "
      "\"tag\": \"phishing\", \"tags\": [\"a\"], \"note\": null}\r\n"
      "[1, 2]\n"
      "{broken\n",
      FeedFormat::kJsonLines);
  EXPECT_EQ(parsed.summary.reports, 2);
  EXPECT_EQ(parsed.summary.errors, 2);
  ASSERT_EQ(parsed.reports.size(), 2u);
  const Report& bot = parsed.reports[0];
  EXPECT_EQ(bot.format, "jsonl");
  EXPECT_EQ(bot.event_time, FromMicros(1'795'000'000'000'000));
  EXPECT_EQ(bot.observables[0].value, "198.51.100.7");
  EXPECT_EQ(bot.rsit, "malicious-code:infected-system");
  EXPECT_EQ(bot.reference, "evt-1");
  EXPECT_THAT(bot.text, HasSubstr("source.port: 445\n"));
  const Report& phish = parsed.reports[1];
  EXPECT_EQ(phish.category, Category::kPhishing);
  EXPECT_EQ(phish.event_time, ParseRfc3339("2026-11-22T01:15:00Z"));
  EXPECT_EQ(phish.observables[0].kind, ObservableKind::kUrl);
  EXPECT_EQ(parsed.summary.first_errors[0].line, 4);
  EXPECT_THAT(parsed.summary.first_errors[0].message, HasSubstr("not a JSON object"));
  EXPECT_EQ(parsed.summary.first_errors[1].line, 5);
}

TEST(ParseFeed, LimitsBoundRowsAndRowSize) {
  std::string feed = "ip\n";
  for (int i = 0; i < 20; ++i) feed += "192.0.2." + std::to_string(i) + "\n";
  feed += std::string(100, 'x') + "\n";
  Parsed capped = Parse(feed, FeedFormat::kCsv, {.max_rows = 5});
  EXPECT_EQ(capped.summary.reports, 5);
  EXPECT_THAT(capped.summary.first_errors.back().message, HasSubstr("stopped after 5 rows"));
  Parsed long_rows = Parse(feed, FeedFormat::kCsv, {.max_row_bytes = 50});
  EXPECT_EQ(long_rows.summary.reports, 20);
  EXPECT_THAT(long_rows.summary.first_errors.back().message, HasSubstr("longer than 50 bytes"));
  EXPECT_THAT(long_rows.reports[0].anomalies, ::testing::Contains("time-missing"));
}

TEST(ParseFeed, GarbageNeverCrashes) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
  FeedOptions options{.feed_name = "x"};
  for (FeedFormat format : {FeedFormat::kCsv, FeedFormat::kJsonLines}) {
    (void)ParseFeed(garbage, format, options, [](Report&&) {});
    (void)ParseFeed("ip\n" + garbage, format, options, [](Report&&) {});
  }
  EXPECT_THAT(Parse("", FeedFormat::kJsonLines).reports, IsEmpty());
}

}  // namespace
}  // namespace hikeshi::intake
