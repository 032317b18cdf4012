#include "triage/sigma_value.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "triage/sigma_loader.h"

namespace hikeshi::triage {
namespace {

TEST(SigmaValueTest, Base64OffsetVariants) {
  auto item = BuildSigmaItem("data", "data", {"base64offset", "contains"}, {"whoami"});
  ASSERT_TRUE(item) << item.error().message;
  ASSERT_EQ(item->values.size(), 1u);
  // pySigma's three variants for "whoami".
  std::vector<std::string> literals;
  for (const SigmaGlob& glob : item->values[0].globs) {
    ASSERT_EQ(glob.pieces.size(), 1u);
    literals.push_back(glob.pieces[0].bytes);
  }
  EXPECT_EQ(literals, (std::vector<std::string>{"d2hvYW1p", "dob2Fta", "3aG9hbW"}));
}

TEST(SigmaValueTest, Networks) {
  auto v4 = ParseSigmaNetwork("192.168.0.0/16");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(SigmaNetworkContains(*v4, *ParseSigmaAddress("192.168.44.1")));
  EXPECT_FALSE(SigmaNetworkContains(*v4, *ParseSigmaAddress("192.169.0.1")));
  EXPECT_FALSE(SigmaNetworkContains(*v4, *ParseSigmaAddress("::1")));
  auto host = ParseSigmaNetwork("10.0.0.1");
  ASSERT_TRUE(host);
  EXPECT_TRUE(SigmaNetworkContains(*host, *ParseSigmaAddress("10.0.0.1")));
  EXPECT_FALSE(SigmaNetworkContains(*host, *ParseSigmaAddress("10.0.0.2")));
  auto v6 = ParseSigmaNetwork("fe80::/10");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(SigmaNetworkContains(*v6, *ParseSigmaAddress("fe80::1:2")));
  auto all = ParseSigmaNetwork("0.0.0.0/0");
  ASSERT_TRUE(all);
  EXPECT_TRUE(SigmaNetworkContains(*all, *ParseSigmaAddress("8.8.8.8")));
  EXPECT_FALSE(ParseSigmaNetwork("10.0.0.0/33"));
  EXPECT_FALSE(ParseSigmaNetwork("10.0.0.0/"));
  EXPECT_FALSE(ParseSigmaNetwork("10.0.0/8"));
  EXPECT_FALSE(ParseSigmaNetwork("::/129"));
}

TEST(SigmaValueTest, UnsupportedModifiersAreNamed) {
  struct Bad {
    std::vector<std::string_view> modifiers;
    std::string_view reason;
  } cases[] = {
      {{"expand"}, "expand"}, {{"hour"}, "hour"},       {{"frobnicate"}, "frobnicate"},
      {{"i"}, "'i'"},         {{"re", "base64"}, "re"}, {{"cidr", "contains"}, "cidr"},
  };
  for (const Bad& bad : cases) {
    auto item = BuildSigmaItem("f", "f", bad.modifiers, {"x"});
    ASSERT_FALSE(item) << bad.reason;
    EXPECT_NE(item.error().message.find(bad.reason), std::string::npos) << item.error().message;
  }
  EXPECT_FALSE(BuildSigmaItem("f", "f", {"re"}, {"(unclosed"}));
  EXPECT_FALSE(BuildSigmaItem("f", "f", {"base64"}, {"a*b"}));
  EXPECT_FALSE(BuildSigmaItem("f", "f", {"gt"}, {"ten"}));
  EXPECT_FALSE(BuildSigmaItem("f", "f", {}, {std::nullopt, "x"}));
}

TEST(SigmaValueTest, LoaderReportsBadDocumentsAndKeepsGoodOnes) {
  SigmaRuleSet set;
  ParseSigmaRules(
      "title: good\nlogsource: {product: linux}\ndetection:\n  k: [a]\n  condition: k\n---\n"
      "title: bad modifier\nid: x1\nlogsource: {product: linux}\ndetection:\n"
      "  s:\n    f|expand: '%x%'\n  condition: s\n---\n"
      "title: broken yaml\ndetection: [\n---\n"
      "title: windows\nlogsource: {product: windows}\ndetection:\n  k: [a]\n  condition: k\n",
      "multi.yml", set);
  ASSERT_EQ(set.rules.size(), 1u);
  EXPECT_EQ(set.rules[0].title, "good");
  ASSERT_EQ(set.unsupported.size(), 3u);
  EXPECT_EQ(set.unsupported[0].id, "x1");
  EXPECT_EQ(set.unsupported[0].title, "bad modifier");
  EXPECT_NE(set.unsupported[0].reason.find("expand"), std::string::npos);
  EXPECT_NE(set.unsupported[1].reason.find("YAML"), std::string::npos);
  EXPECT_NE(set.unsupported[2].reason.find("windows"), std::string::npos);
  for (const auto& u : set.unsupported) EXPECT_EQ(u.file, "multi.yml");
}

TEST(SigmaValueTest, LoaderLimits) {
  SigmaRuleSet set;
  std::string deep = "title: x\nlogsource: {product: linux}\ndetection: " + std::string(100, '[') +
                     std::string(100, ']') + "\n";
  ParseSigmaRules(deep, "deep.yml", set);
  ASSERT_EQ(set.unsupported.size(), 1u);
  EXPECT_NE(set.unsupported[0].reason.find("deeply"), std::string::npos);
  // An alias bomb: each level doubles the nodes a walker would visit.
  std::string bomb = "a0: &a0 [x, x]\n";
  for (int i = 1; i < 30; ++i) {
    bomb += fmt::format("a{}: &a{} [*a{}, *a{}]\n", i, i, i - 1, i - 1);
  }
  bomb += "title: bomb\nlogsource: {product: linux}\ndetection:\n  k: *a29\n  condition: k\n";
  SigmaRuleSet bombed;
  ParseSigmaRules(bomb, "bomb.yml", bombed);
  EXPECT_TRUE(bombed.rules.empty());
  EXPECT_EQ(bombed.unsupported.size(), 1u);
}

TEST(SigmaValueTest, Timespans) {
  EXPECT_EQ(ParseSigmaTimespan("30s"), 30'000'000);
  EXPECT_EQ(ParseSigmaTimespan("5m"), 300'000'000);
  EXPECT_EQ(ParseSigmaTimespan("2h"), 7200'000'000LL);
  EXPECT_EQ(ParseSigmaTimespan("1d"), 86400'000'000LL);
  EXPECT_FALSE(ParseSigmaTimespan("5"));
  EXPECT_FALSE(ParseSigmaTimespan("m"));
  EXPECT_FALSE(ParseSigmaTimespan("5w"));
  EXPECT_FALSE(ParseSigmaTimespan("-5m"));
}

}  // namespace
}  // namespace hikeshi::triage
