#include "coord/delegated_stats.h"

#include <gtest/gtest.h>

#include "coord/coord_test_support.h"
#include "coord/ownership_index.h"

namespace hikeshi::coord {
namespace {

TEST(DelegatedStats, ReadsRangesAndSkipsTheRest) {
  OwnershipBuilder builder;
  DelegatedStatsReader reader(builder);
  std::string text = testing::ReadTestData("rpsl/delegated-example-extended.txt");
  for (size_t at = 0; at < text.size(); at += 5) reader.Feed(std::string_view(text).substr(at, 5));
  reader.Finish();
  EXPECT_EQ(reader.counts().ipv4, 2u);
  EXPECT_EQ(reader.counts().ipv6, 2u);
  EXPECT_EQ(reader.counts().skipped, 6u);  // version, 3 summaries, available, asn
  ASSERT_EQ(reader.problems().count, 1u);
  EXPECT_EQ(reader.problems().first[0], "line 11: unparseable start address");
  OwnershipIndex index(builder.Finish());
  EXPECT_EQ(index.Lookup("198.51.100.199")->country, "JP");  // 200 addresses: not a CIDR
  EXPECT_EQ(index.Lookup("198.51.100.199")->netblock, "198.51.100.192/29");
  EXPECT_FALSE(index.Lookup("198.51.100.200"));
  EXPECT_FALSE(index.Lookup("203.0.113.1"));
  EXPECT_EQ(index.Lookup("3fff:0fff::1")->country, "DE");
  EXPECT_EQ(index.Lookup("2001:db8::1")->source, "delegated");
}

TEST(DelegatedStats, RefusesOutOfRangeValues) {
  OwnershipBuilder builder;
  DelegatedStatsReader reader(builder);
  reader.Feed(
      "x|NL|ipv4|255.255.255.0|512|0|allocated\n"
      "x|NL|ipv4|192.0.2.0|0|0|allocated\n"
      "x|NL|ipv6|2001:db8::|129|0|allocated\n"
      "x|NL|ipv6|2001:db8::|0|0|allocated\n"
      "x|NL|ipv4|192.0.2.0|99999999999999999999999|0|allocated\n"
      "x|NL|ipx|192.0.2.0|1|0|allocated\n"
      "short|line\n");
  reader.Finish();
  EXPECT_EQ(reader.problems().count, 7u);
  EXPECT_EQ(builder.prefix_count(), 0u);
}

}  // namespace
}  // namespace hikeshi::coord
