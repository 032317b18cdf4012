// JSON-lines reader cases beyond the golden fixture, mostly regressions found by fuzzing.
#include "triage/json_lines_parser.h"

#include <gtest/gtest.h>

namespace hikeshi::triage {
namespace {

// Found by json_lines_fuzz: {"":0} gave a field with an empty name.
TEST(JsonLinesParser, EmptyKeyGetsAName) {
  JsonLinesParser parser;
  Event event;
  AnomalyCounts anomalies;
  ASSERT_TRUE(parser.Parse(R"({"":0,"a":{"":1}})", event, anomalies));
  ASSERT_EQ(event.fields.size(), 2u);
  EXPECT_EQ(event.fields[0].name, "_");
  EXPECT_EQ(event.fields[0].value, "0");
  EXPECT_EQ(event.fields[1].name, "a.");
  EXPECT_EQ(anomalies.Total(), 0u);
}

TEST(JsonLinesParser, TooManyFieldsAreCountedOnce) {
  std::string line = "{";
  for (size_t i = 0; i < JsonLinesParser::kMaxFields + 10; ++i) {
    line += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  }
  line += "}";
  JsonLinesParser parser;
  Event event;
  AnomalyCounts anomalies;
  ASSERT_TRUE(parser.Parse(line, event, anomalies));
  EXPECT_EQ(event.fields.size(), JsonLinesParser::kMaxFields);
  EXPECT_EQ(anomalies.Count(Anomaly::kTooManyFields), 1u);
}

TEST(JsonLinesParser, DeepNestingIsKeptRaw) {
  std::string line = "{\"a\":";
  for (int i = 0; i < 40; ++i) line += "{\"b\":";
  line += "1";
  for (int i = 0; i < 41; ++i) line += "}";
  JsonLinesParser parser;
  Event event;
  AnomalyCounts anomalies;
  ASSERT_TRUE(parser.Parse(line, event, anomalies));
  ASSERT_EQ(event.fields.size(), 1u);
  EXPECT_TRUE(event.fields[0].value.starts_with("{\"b\":"));
}

}  // namespace
}  // namespace hikeshi::triage
