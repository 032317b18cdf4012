#include "server/query_string.h"

#include <gtest/gtest.h>

namespace hikeshi::server {
namespace {

TEST(SplitTarget, SeparatesPathQueryAndDropsFragment) {
  Target target = SplitTarget("/api/v1/incidents?state=open&q=x#top");
  EXPECT_EQ(target.path, "/api/v1/incidents");
  EXPECT_EQ(target.query, "state=open&q=x");
  EXPECT_EQ(SplitTarget("/a").query, "");
}

TEST(ParseQuery, DecodesPercentAndPlusIncludingJapanese) {
  auto parameters = ParseQuery("q=%E4%B8%8D%E6%AD%A3+%E4%BE%B5%E5%85%A5&state=open&&flag");
  ASSERT_TRUE(parameters);
  ASSERT_EQ(parameters->size(), 3u);
  EXPECT_EQ((*parameters)[0].first, "q");
  EXPECT_EQ((*parameters)[0].second, "不正 侵入");
  EXPECT_EQ((*parameters)[1].second, "open");
  EXPECT_EQ((*parameters)[2].first, "flag");
  EXPECT_EQ((*parameters)[2].second, "");
}

TEST(ParseQuery, RejectsBrokenEscapesNulAndInvalidUtf8) {
  EXPECT_FALSE(ParseQuery("q=%"));
  EXPECT_FALSE(ParseQuery("q=%4"));
  EXPECT_FALSE(ParseQuery("q=%zz"));
  EXPECT_FALSE(ParseQuery("q=%00"));
  EXPECT_FALSE(ParseQuery("q=%ff"));
}

TEST(PercentDecode, KeepsPlusInPaths) { EXPECT_EQ(*PercentDecode("a+b%2Fc", false), "a+b/c"); }

}  // namespace
}  // namespace hikeshi::server
