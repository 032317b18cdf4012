#include "triage/timeline_output.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace hikeshi::triage {
namespace {

Finding Sample() {
  Finding finding;
  finding.rule_id = "r1";
  finding.rule_title = "SSH brute force";
  finding.level = "medium";
  finding.tags = {"attack.t1110", "attack.credential_access"};
  finding.time = FromMicros(1'700'000'000'000'000);
  finding.source = "/var/log/auth.log";
  finding.offset = 42;
  finding.matched_fields = {{"src_ip", "203.0.113.9"}, {"message", "Failed password"}};
  finding.correlation = true;
  finding.group_key = "src_ip=203.0.113.9";
  finding.count = 12;
  return finding;
}

TEST(TimelineOutput, JsonLineHasTimesketchKeys) {
  std::string line = TimelineJsonLine(Sample());
  ASSERT_EQ(line.back(), '\n');
  auto object = nlohmann::json::parse(line);
  EXPECT_EQ(object["message"], "SSH brute force: src_ip=203.0.113.9 (12)");
  EXPECT_EQ(object["datetime"], "2023-11-14T22:13:20.000000Z");
  EXPECT_EQ(object["timestamp"], 1'700'000'000'000'000);
  EXPECT_EQ(object["timestamp_desc"], "Event Recorded");
  EXPECT_EQ(object["rule_id"], "r1");
  EXPECT_EQ(object["level"], "medium");
  EXPECT_EQ(object["tags"], "attack.t1110,attack.credential_access");
  EXPECT_EQ(object["source_file"], "/var/log/auth.log");
  EXPECT_EQ(object["offset"], 42);
  EXPECT_EQ(object["count"], 12);
  EXPECT_EQ(object["src_ip"], "203.0.113.9");
  // A matched field named like a Timesketch key does not overwrite it.
  EXPECT_EQ(object["field_message"], "Failed password");
}

TEST(TimelineOutput, JsonLineWithoutTimeAndWithBadUtf8) {
  Finding finding = Sample();
  finding.time.reset();
  finding.correlation = false;
  finding.matched_fields = {{"user", std::string("r\xff\x00t", 4)}};
  auto object = nlohmann::json::parse(TimelineJsonLine(finding));
  EXPECT_EQ(object["datetime"], "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(object["timestamp_desc"], "No Timestamp");
  EXPECT_FALSE(object.contains("count"));
  EXPECT_EQ(object["user"], std::string("r\xef\xbf\xbd\x00t", 6));
}

TEST(TimelineOutput, CsvQuotesPerRfc4180) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(CsvCell(""), "");
}

TEST(TimelineOutput, CsvNeutralisesFormulas) {
  EXPECT_EQ(CsvCell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(CsvCell("+1"), "'+1");
  EXPECT_EQ(CsvCell("-"), "'-");
  EXPECT_EQ(CsvCell("@SUM(A1)"), "'@SUM(A1)");
}

TEST(TimelineOutput, CsvRowMatchesHeader) {
  std::string header(TimelineCsvHeader());
  std::string row = TimelineCsvRow(Sample());
  ASSERT_TRUE(row.ends_with("\r\n"));
  auto columns = [](const std::string& text) { return std::count(text.begin(), text.end(), ','); };
  EXPECT_EQ(columns(header), columns(row) - 1);  // the tags cell holds one quoted comma
  EXPECT_EQ(row,
            "2023-11-14T22:13:20.000000Z,Event Recorded,SSH brute force: src_ip=203.0.113.9 "
            "(12),r1,SSH brute force,medium,\"attack.t1110,attack.credential_access\","
            "/var/log/auth.log,42,true,src_ip=203.0.113.9,12,src_ip=203.0.113.9; "
            "message=Failed password\r\n");
}

}  // namespace
}  // namespace hikeshi::triage
