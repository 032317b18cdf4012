#include "coord/reply_threading.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

TEST(ReplyThreadingTest, FindsTheTicketTag) {
  EXPECT_EQ(FindTicketTag("Re: [hikeshi #42] Scanning from your network"), 42);
  EXPECT_EQ(FindTicketTag("RE: [HIKESHI #7]"), 7);
  EXPECT_EQ(FindTicketTag("[hikeshi #]"), std::nullopt);
  EXPECT_EQ(FindTicketTag("[hikeshi #12"), std::nullopt);
  EXPECT_EQ(FindTicketTag("[hikeshi #0]"), std::nullopt);
  EXPECT_EQ(FindTicketTag("[hikeshi #9999999999999999999999]"), std::nullopt);
}

TEST(ReplyThreadingTest, ReadsInReplyToAndFoldedReferences) {
  std::string raw =
      "From: abuse@example.org\r\n"
      "In-Reply-To: <hikeshi-7@example.net>\r\n"
      "References: <a@x>\r\n <hikeshi-7@example.net>\r\n"
      "X-Other: <not@this>\r\n"
      "\r\n"
      "In-Reply-To: <body@ignored>\r\n";
  EXPECT_EQ(ReplyMessageIds(raw), (std::vector<std::string>{"hikeshi-7@example.net", "a@x"}));
}

TEST(ReplyThreadingTest, FixedUnlessNegated) {
  EXPECT_TRUE(SaysFixed("We have fixed the host."));
  EXPECT_TRUE(SaysFixed("当該ホストは対応済みです。"));
  EXPECT_FALSE(SaysFixed("This is not fixed yet"));
  EXPECT_FALSE(SaysFixed("現在対応中です"));
  EXPECT_FALSE(SaysFixed("Thanks, we are looking into it"));
}

}  // namespace
}  // namespace hikeshi::coord
