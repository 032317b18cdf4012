#include "coord/rpsl_reader.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

std::vector<RpslObject> ReadAll(std::string_view text, RpslLimits limits = {},
                                ImportProblems* problems = nullptr, size_t piece = 3) {
  std::vector<RpslObject> objects;
  RpslReader reader(limits, [&](const RpslObject& object) { objects.push_back(object); });
  for (size_t at = 0; at < text.size(); at += piece) reader.Feed(text.substr(at, piece));
  reader.Finish();
  if (problems) *problems = reader.problems();
  return objects;
}

TEST(RpslReader, ObjectsAttributesContinuationsAndComments) {
  auto objects = ReadAll(
      "% header comment\n\n"
      "inetnum:  192.0.2.0 - 192.0.2.255\r\n"
      "descr:    first line\n"
      "          second line\n"
      "+\n"
      "\tthird line # a comment\n"
      "Country:  NL # Country is really world wide\n"
      "# a comment line inside the object\n"
      "abuse-c:  A1-TEST\n"
      "abuse-c:  A2-TEST\n"
      "\n\n\n"
      "role: Abuse\nabuse-mailbox: abuse@example.net");
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].type(), "inetnum");
  EXPECT_EQ(objects[0].line, 3u);
  EXPECT_EQ(objects[0].First("inetnum"), "192.0.2.0 - 192.0.2.255");
  EXPECT_EQ(objects[0].First("descr"), "first line second line third line");
  EXPECT_EQ(objects[0].First("country"), "NL");  // names are case-insensitive
  EXPECT_EQ(objects[0].All("abuse-c"), (std::vector<std::string_view>{"A1-TEST", "A2-TEST"}));
  EXPECT_EQ(objects[1].First("abuse-mailbox"), "abuse@example.net");
}

TEST(RpslReader, BrokenObjectIsNamedAndTheRestIsRead) {
  ImportProblems problems;
  auto objects = ReadAll(
      "inetnum: 192.0.2.0 - 192.0.2.255\nnetname: A\n\n"
      "inetnum: 198.51.100.0 - 198.51.100.255\nno colon here\nnetname: B\n\n"
      "inetnum: 203.0.113.0 - 203.0.113.255\nnetname: C\n",
      {}, &problems);
  ASSERT_EQ(objects.size(), 2u);
  EXPECT_EQ(objects[0].First("netname"), "A");
  EXPECT_EQ(objects[1].First("netname"), "C");
  ASSERT_EQ(problems.count, 1u);
  EXPECT_EQ(problems.first[0],
            "line 5: broken inetnum starting at line 4 dropped: not an attribute: 'no colon here'");
}

TEST(RpslReader, LimitsDropTheObjectNotTheReader) {
  ImportProblems problems;
  std::string text = "inetnum: 192.0.2.0/24\ndescr: " + std::string(100, 'x') +
                     "\n\ninetnum: 198.51.100.0/24\n" + std::string(20, 'a') + ": b\n\nrole: R\n";
  RpslLimits limits{.max_line_bytes = 64, .max_object_bytes = 1024, .max_attributes = 1};
  auto objects = ReadAll(text, limits, &problems);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].type(), "role");
  EXPECT_EQ(problems.count, 2u);
}

TEST(RpslReader, ContinuationBeforeAnyAttributeIsBroken) {
  ImportProblems problems;
  auto objects = ReadAll(" leading continuation\nrole: R\n\nrole: S\n", {}, &problems);
  ASSERT_EQ(objects.size(), 1u);
  EXPECT_EQ(objects[0].First("role"), "S");
  EXPECT_EQ(problems.count, 1u);
}

}  // namespace
}  // namespace hikeshi::coord
