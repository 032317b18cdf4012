#include "triage/sigma_condition.h"

#include <gtest/gtest.h>

#include <string>

namespace hikeshi::triage {
namespace {

using Op = SigmaCondition::Op;
const std::vector<std::string> kNames = {"selection", "filter_a", "filter_b", "_hidden"};

TEST(SigmaConditionTest, PrecedenceNotOverAndOverOr) {
  auto parsed = ParseSigmaCondition("selection or filter_a and not filter_b", kNames);
  ASSERT_TRUE(parsed) << parsed.error().message;
  const SigmaCondition& root = **parsed;
  ASSERT_EQ(root.op, Op::kOr);
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[0]->op, Op::kSelection);
  ASSERT_EQ(root.children[1]->op, Op::kAnd);
  EXPECT_EQ(root.children[1]->children[1]->op, Op::kNot);
}

TEST(SigmaConditionTest, BracketsAndKeywordCase) {
  auto parsed = ParseSigmaCondition("(selection OR filter_a) AND NOT filter_b", kNames);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ((*parsed)->op, Op::kAnd);
  EXPECT_EQ((*parsed)->children[0]->op, Op::kOr);
}

TEST(SigmaConditionTest, Quantifiers) {
  auto one = ParseSigmaCondition("1 of filter_*", kNames);
  ASSERT_TRUE(one);
  EXPECT_EQ((*one)->op, Op::kOneOf);
  EXPECT_EQ((*one)->selections, (std::vector<uint32_t>{1, 2}));
  auto all = ParseSigmaCondition("all of them", kNames);
  ASSERT_TRUE(all);
  EXPECT_EQ((*all)->op, Op::kAllOf);
  EXPECT_EQ((*all)->selections, (std::vector<uint32_t>{0, 1, 2}));  // not _hidden
  auto any = ParseSigmaCondition("any of sel*", kNames);
  ASSERT_TRUE(any);
  EXPECT_EQ((*any)->selections, (std::vector<uint32_t>{0}));
}

TEST(SigmaConditionTest, Errors) {
  const char* bad[] = {"",
                       "selection and",
                       "(selection",
                       "selection)",
                       "unknown",
                       "2 of them",
                       "1 of nothing_*",
                       "selection | count() > 5",
                       "and selection",
                       "1 of"};
  for (const char* text : bad) {
    auto parsed = ParseSigmaCondition(text, kNames);
    EXPECT_FALSE(parsed) << text;
  }
  auto pipe = ParseSigmaCondition("selection | count() by src_ip > 5", kNames);
  ASSERT_FALSE(pipe);
  EXPECT_NE(pipe.error().message.find("aggregation"), std::string::npos);
}

TEST(SigmaConditionTest, DepthLimit) {
  std::string deep(kSigmaConditionMaxDepth + 1, '(');
  deep += "selection";
  deep += std::string(kSigmaConditionMaxDepth + 1, ')');
  EXPECT_FALSE(ParseSigmaCondition(deep, kNames));
  std::string nots;
  for (int i = 0; i < 1000; ++i) nots += "not ";
  EXPECT_FALSE(ParseSigmaCondition(nots + "selection", kNames));
  std::string ok(10, '(');
  ok += "selection" + std::string(10, ')');
  EXPECT_TRUE(ParseSigmaCondition(ok, kNames));
  EXPECT_FALSE(ParseSigmaCondition(std::string(kSigmaConditionMaxBytes + 1, ' '), kNames));
}

TEST(SigmaConditionTest, IdentifierGlob) {
  EXPECT_TRUE(SigmaIdentifierMatches("sel*", "selection"));
  EXPECT_TRUE(SigmaIdentifierMatches("*tion", "selection"));
  EXPECT_TRUE(SigmaIdentifierMatches("s*l*n", "selection"));
  EXPECT_FALSE(SigmaIdentifierMatches("sel", "selection"));
  EXPECT_FALSE(SigmaIdentifierMatches("x*", "selection"));
}

}  // namespace
}  // namespace hikeshi::triage
