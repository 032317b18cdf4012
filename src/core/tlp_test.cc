#include "core/tlp.h"

#include <gtest/gtest.h>

namespace hikeshi {
namespace {

TEST(Tlp, ParsesCanonicalShortAndLegacyLabels) {
  EXPECT_EQ(ParseTlp("TLP:AMBER+STRICT"), Tlp::kAmberStrict);
  EXPECT_EQ(ParseTlp("amber+strict"), Tlp::kAmberStrict);
  EXPECT_EQ(ParseTlp("red"), Tlp::kRed);
  EXPECT_EQ(ParseTlp("TLP:WHITE"), Tlp::kClear);
  EXPECT_FALSE(ParseTlp("TLP:PURPLE"));
  EXPECT_FALSE(ParseTlp(""));
  for (Tlp tlp : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    EXPECT_EQ(ParseTlp(ToString(tlp)), tlp);
  }
}

TEST(Tlp, IsOrderedByRestriction) {
  EXPECT_LT(Tlp::kClear, Tlp::kGreen);
  EXPECT_LT(Tlp::kAmberStrict, Tlp::kRed);
}

}  // namespace
}  // namespace hikeshi
