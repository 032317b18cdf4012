#include "triage/sigma_glob.h"

#include <gtest/gtest.h>

namespace hikeshi::triage {
namespace {

bool Matches(std::string_view pattern, SigmaAnchor anchor, std::string_view value,
             bool cased = false) {
  SigmaValue::Trivial trivial;
  SigmaGlob glob = FinishSigmaGlob(ParseSigmaWildcards(pattern), anchor, &trivial);
  if (trivial == SigmaValue::Trivial::kAnyValue) return true;
  if (trivial == SigmaValue::Trivial::kEmptyValue) return value.empty();
  return SigmaGlobMatches(glob, value, cased);
}

TEST(SigmaGlobTest, Anchors) {
  EXPECT_TRUE(Matches("abc", SigmaAnchor::kExact, "ABC"));
  EXPECT_FALSE(Matches("abc", SigmaAnchor::kExact, "abcd"));
  EXPECT_TRUE(Matches("abc", SigmaAnchor::kStartsWith, "abcd"));
  EXPECT_FALSE(Matches("abc", SigmaAnchor::kStartsWith, "xabc"));
  EXPECT_TRUE(Matches("abc", SigmaAnchor::kEndsWith, "xabc"));
  EXPECT_FALSE(Matches("abc", SigmaAnchor::kEndsWith, "abcx"));
  EXPECT_TRUE(Matches("abc", SigmaAnchor::kContains, "xabcx"));
  EXPECT_FALSE(Matches("abc", SigmaAnchor::kExact, "abc", false) == false);
  EXPECT_FALSE(Matches("ABC", SigmaAnchor::kExact, "abc", true));
}

TEST(SigmaGlobTest, Wildcards) {
  EXPECT_TRUE(Matches("a*c", SigmaAnchor::kExact, "abbbc"));
  EXPECT_TRUE(Matches("a*c", SigmaAnchor::kExact, "ac"));
  EXPECT_FALSE(Matches("a*c", SigmaAnchor::kExact, "abcd"));
  EXPECT_TRUE(Matches("a*c*e", SigmaAnchor::kExact, "a c c e"));
  EXPECT_TRUE(Matches("*c*e", SigmaAnchor::kExact, "xxcxxe"));
  EXPECT_TRUE(Matches("a?c", SigmaAnchor::kExact, "abc"));
  EXPECT_FALSE(Matches("a?c", SigmaAnchor::kExact, "ac"));
  // The last run must end at the end: try later occurrences, not only the first.
  EXPECT_TRUE(Matches("a*bc", SigmaAnchor::kExact, "abcxbc"));
  EXPECT_TRUE(Matches("*/bin/bash*-i*", SigmaAnchor::kExact, "/bin/bash -i >& /dev/tcp/x"));
  EXPECT_TRUE(Matches("a*b?", SigmaAnchor::kExact, "abxbyby"));
  EXPECT_FALSE(Matches("a*b?", SigmaAnchor::kExact, "ab"));
  EXPECT_TRUE(Matches("=", SigmaAnchor::kEndsWith, "abc="));
  EXPECT_FALSE(Matches("=", SigmaAnchor::kEndsWith, "ab=c"));
  EXPECT_FALSE(Matches("abcd", SigmaAnchor::kEndsWith, "bcd"));
  EXPECT_TRUE(Matches("a\\*c", SigmaAnchor::kExact, "a*c"));
  EXPECT_FALSE(Matches("a\\*c", SigmaAnchor::kExact, "abc"));
  EXPECT_TRUE(Matches("a\\\\*", SigmaAnchor::kExact, "a\\xyz"));
  EXPECT_TRUE(Matches("a\\b", SigmaAnchor::kExact, "a\\b"));
}

TEST(SigmaGlobTest, FactorAndLiteral) {
  SigmaValue::Trivial trivial;
  SigmaGlob glob =
      FinishSigmaGlob(ParseSigmaWildcards("*ab*cdef?g"), SigmaAnchor::kExact, &trivial);
  EXPECT_EQ(SigmaGlobFactor(glob), "cdef");
  EXPECT_FALSE(SigmaGlobIsLiteral(glob));
  EXPECT_FALSE(glob.anchored_start);
  EXPECT_TRUE(glob.anchored_end);
  SigmaGlob literal = FinishSigmaGlob(ParseSigmaWildcards("*abc*"), SigmaAnchor::kExact, &trivial);
  EXPECT_TRUE(SigmaGlobIsLiteral(literal));
  EXPECT_FALSE(literal.anchored_start || literal.anchored_end);
  SigmaGlob none = FinishSigmaGlob(ParseSigmaWildcards("??"), SigmaAnchor::kExact, &trivial);
  EXPECT_EQ(SigmaGlobFactor(none), "");
  FinishSigmaGlob(ParseSigmaWildcards("**"), SigmaAnchor::kExact, &trivial);
  EXPECT_EQ(trivial, SigmaValue::Trivial::kAnyValue);
  FinishSigmaGlob(ParseSigmaWildcards(""), SigmaAnchor::kExact, &trivial);
  EXPECT_EQ(trivial, SigmaValue::Trivial::kEmptyValue);
  FinishSigmaGlob(ParseSigmaWildcards(""), SigmaAnchor::kContains, &trivial);
  EXPECT_EQ(trivial, SigmaValue::Trivial::kAnyValue);
}

TEST(SigmaGlobTest, LongValuesStayFast) {
  std::string value(100'000, 'a');
  EXPECT_FALSE(Matches("a*a*a*a*b", SigmaAnchor::kExact, value));
  EXPECT_TRUE(Matches("a*a*a*a", SigmaAnchor::kExact, value));
}

}  // namespace
}  // namespace hikeshi::triage
