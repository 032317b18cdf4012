// The hand-written scanners agree with the standard library on every case.
#include "triage/text_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace hikeshi::triage {
namespace {

TEST(TextScan, FindAgreesWithStringViewFind) {
  std::mt19937 random(7);
  const std::string alphabet = " fromI=N";
  const std::string needles[] = {" from ", " for ", " IN=", "from", "f", " ", "  ", "rom f", ""};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    for (const std::string& needle : needles) {
      for (size_t from = 0; from <= text.size() + 1; ++from) {
        ASSERT_EQ(Find(text, needle, from), std::string_view(text).find(needle, from))
            << "text '" << text << "' needle '" << needle << "' from " << from;
      }
    }
  }
}

TEST(TextScan, LooksLikeIpAddress) {
  for (const char* yes : {"1.2.3.4", "255.255.255.255", "192.030.0.6", "::1", "2001:db8::7",
                          "::ffff:1.2.3.4", "aaaa:bbbb:cccc:1234::1:1", "fe80::1:2:3:4:5"}) {
    EXPECT_TRUE(LooksLikeIpAddress(yes)) << yes;
  }
  for (const char* no :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "example.com", "1.2.3.4 ", "a.b.c.d", ":",
        "1:2", "1.2.3.4:80", "1:2:3:4:5:6:7:8:9", "1234.1.1.1", "1.2.3.", ".1.2.3"}) {
    EXPECT_FALSE(LooksLikeIpAddress(no)) << no;
  }
}

TEST(TextScan, ConsumePrefixAndTokens) {
  std::string_view text = "Failed password";
  EXPECT_FALSE(ConsumePrefix(text, "Fail!"));
  EXPECT_FALSE(ConsumePrefix(text, "Failed password and more"));
  EXPECT_TRUE(ConsumePrefix(text, "Failed "));
  EXPECT_EQ(text, "password");
  EXPECT_TRUE(ConsumePrefix(text, ""));
  std::string_view rest = "a b";
  EXPECT_EQ(NextToken(rest), "a");
  EXPECT_EQ(NextToken(rest), "b");
  EXPECT_EQ(rest, "");
  EXPECT_EQ(MonthFromAbbreviation("Dec 1"), 12);
  EXPECT_EQ(MonthFromAbbreviation("dec"), 0);
  EXPECT_EQ(ParseUnsigned("65536", 65535), std::nullopt);
  EXPECT_EQ(ParseUnsigned("", 1), std::nullopt);
}

}  // namespace
}  // namespace hikeshi::triage
