#include "coord/spam_original.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace hikeshi::coord {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(HIKESHI_TEST_DATA) + "/spam_arf/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(SpamOriginalTest, FindsTheForwardedMessage) {
  std::string spam = FindSpamMessage(ReadData("forwarded-spam.eml"));
  EXPECT_EQ(HeaderValue(spam, "Message-ID"), "<spam-77@spammer.example.com>");
  EXPECT_EQ(HeaderValue(spam, "return-path"), "<bulk@spammer.example.com>");
  EXPECT_NE(spam.find("Dear alice"), std::string::npos);
}

TEST(SpamOriginalTest, SpamPipedAsItArrivedIsItself) {
  std::string raw = "From: a@spammer.example.com\nSubject: buy\n\nbody\n";
  EXPECT_EQ(FindSpamMessage(raw), raw);
  EXPECT_EQ(FindSpamMessage(""), "");
}

// Golden: the header block that leaves when the reporter did not consent.
TEST(SpamOriginalTest, WithoutConsentOnlyRedactedHeadersLeave) {
  std::string spam = FindSpamMessage(ReadData("forwarded-spam.eml"));
  SpamOriginal original = PrepareSpamOriginal(spam, "alice@reporter.example.jp", false);
  EXPECT_TRUE(original.headers_only);
  EXPECT_EQ(original.bytes, ReadData("forwarded-spam.redacted-headers"));
  EXPECT_EQ(original.bytes.find("alice"), std::string::npos);
  EXPECT_EQ(original.bytes.find("Dear"), std::string::npos);  // the body stays home
}

TEST(SpamOriginalTest, WithConsentTheWholeMessageLeaves) {
  std::string spam = FindSpamMessage(ReadData("forwarded-spam.eml"));
  SpamOriginal original = PrepareSpamOriginal(spam, "alice@reporter.example.jp", true);
  EXPECT_FALSE(original.headers_only);
  EXPECT_NE(original.bytes.find("Delivered-To: alice@reporter.example.jp"), std::string::npos);
  EXPECT_NE(original.bytes.find("Dear alice"), std::string::npos);
}

TEST(SpamOriginalTest, AnOversizedMessageGoesAsHeadersOnly) {
  std::string spam =
      "From: a@spammer.example.com\nTo: r@x.example\n\n" + std::string(kMaxOriginalBytes + 1, 'x');
  SpamOriginal original = PrepareSpamOriginal(spam, "r@x.example", true);
  EXPECT_TRUE(original.headers_only);
  EXPECT_EQ(original.bytes, "From: a@spammer.example.com\nTo: r@x.example\n");
}

TEST(SpamOriginalTest, HostileHeaderBlocksAreBounded) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "X-Junk: " + std::to_string(i) + "\n";
  SpamOriginal original = PrepareSpamOriginal(many, "", false);
  EXPECT_LE(original.bytes.size(), kMaxOriginalHeaderBytes);
  EXPECT_LE(std::count(original.bytes.begin(), original.bytes.end(), '\n'), 1000);
  std::string huge = "Subject: " + std::string(kMaxOriginalHeaderBytes * 2, 'y') + "\n";
  EXPECT_EQ(PrepareSpamOriginal(huge, "", false).bytes, "");
  EXPECT_EQ(PrepareSpamOriginal("no header here", "", false).bytes, "");
  EXPECT_EQ(PrepareSpamOriginal("\n\nbody", "", false).bytes, "");
  EXPECT_EQ(PrepareSpamOriginal("Received: for", "", false).bytes, "Received: for\n");
}

TEST(SpamOriginalTest, TopReceivedDateIsWhenTheReporterGotIt) {
  std::string spam = FindSpamMessage(ReadData("forwarded-spam.eml"));
  auto date = TopReceivedDate(spam);
  ASSERT_TRUE(date);
  EXPECT_EQ(FormatRfc3339(*date), "2026-12-07T00:30:05.000000Z");
  EXPECT_FALSE(TopReceivedDate("Subject: x\n\n"));
  EXPECT_FALSE(TopReceivedDate("Received: from a by b\n\n"));
}

}  // namespace
}  // namespace hikeshi::coord
