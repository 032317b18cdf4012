#include "coord/ip_range.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> out;
  auto range = ParseIpRange(text);
  if (!range) return {"unparseable"};
  for (const IpPrefix& prefix : RangeToPrefixes(*range)) out.push_back(FormatPrefix(prefix));
  return out;
}

TEST(IpRange, CidrAlignedRangeIsOnePrefix) {
  EXPECT_EQ(Split("192.0.2.0 - 192.0.2.255"), std::vector<std::string>{"192.0.2.0/24"});
  EXPECT_EQ(Split("2001:db8::/32"), std::vector<std::string>{"2001:db8::/32"});
  EXPECT_EQ(Split("0.0.0.0 - 255.255.255.255"), std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(Split("::/0"), std::vector<std::string>{"::/0"});
}

TEST(IpRange, NonCidrRangeIsSplitExactly) {
  EXPECT_EQ(Split("198.51.100.10 - 198.51.100.20"),
            (std::vector<std::string>{"198.51.100.10/31", "198.51.100.12/30", "198.51.100.16/30",
                                      "198.51.100.20/32"}));
  EXPECT_EQ(Split("192.0.2.0-192.0.3.127"),
            (std::vector<std::string>{"192.0.2.0/24", "192.0.3.0/25"}));
  EXPECT_EQ(Split("2001:db8::1 - 2001:db8::2"),
            (std::vector<std::string>{"2001:db8::1/128", "2001:db8::2/128"}));
}

TEST(IpRange, HostBitsOfACidrAreCleared) {
  EXPECT_EQ(Split("192.0.2.77/24"), std::vector<std::string>{"192.0.2.0/24"});
}

TEST(IpRange, RefusesMalformedRanges) {
  for (std::string_view bad :
       {"", "192.0.2.9 - 192.0.2.1", "192.0.2.0 - 2001:db8::", "192.0.2.0/33", "2001:db8::/129",
        "192.0.2.0/", "192.0.2.0/2x", "300.0.0.1", "a - b", "192.0.2.0 -"}) {
    EXPECT_FALSE(ParseIpRange(bad)) << bad;
  }
}

TEST(IpRange, Specificity) {
  EXPECT_EQ(RangeSpecificity(*ParseIpRange("192.0.2.0/24")), 24);
  EXPECT_EQ(RangeSpecificity(*ParseIpRange("198.51.100.10 - 198.51.100.20")), 27);
  EXPECT_EQ(RangeSpecificity(*ParseIpRange("2001:db8::1")), 128);
}

}  // namespace
}  // namespace hikeshi::coord
