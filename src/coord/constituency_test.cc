#include "coord/constituency.h"

#include <gtest/gtest.h>

#include "coord/coord_test_support.h"
#include "coord/csirt_table.h"
#include "coord/ownership_index.h"
#include "coord/rpsl_ownership.h"

namespace hikeshi::coord {
namespace {

TEST(Constituency, ReadsTheExampleFileAndNamesBadValues) {
  OwnershipBuilder builder;
  auto counts = ReadConstituency(testing::ReadTestData("ownership/constituency.json"), builder);
  ASSERT_TRUE(counts) << counts.error().message;
  EXPECT_EQ(counts->constituents, 2u);
  EXPECT_EQ(counts->netblocks, 3u);
  EXPECT_EQ(counts->domains, 2u);
  ASSERT_EQ(counts->problems.count, 2u);
  EXPECT_EQ(counts->problems.first[0], "line 2: netblocks: unparseable 'not a netblock'");
  EXPECT_EQ(counts->problems.first[1], "line 2: domains: not a domain name");
  OwnershipIndex index(builder.Finish());
  auto university = index.Lookup("www.cs.Example.EDU.");
  ASSERT_TRUE(university);
  EXPECT_EQ(university->owner, "Example University");
  EXPECT_EQ(university->language, "ja");
  EXPECT_TRUE(university->constituent);
  EXPECT_EQ(university->netblock, "");
  EXPECT_FALSE(index.Lookup("example.com"));  // only shop.example.com is ours
  EXPECT_EQ(index.Lookup("shop.example.com")->abuse_mailboxes,
            std::vector<std::string>{"abuse@shop.example.com"});
  EXPECT_EQ(index.Lookup("2001:db8:abcd:10::1")->owner, "Example University");
}

TEST(Constituency, RefusesTheWrongShape) {
  OwnershipBuilder builder;
  for (std::string_view bad :
       {"", "[]", "{\"constituents\": 1}", "{\"constituents\": [", "{\"other\": []}"}) {
    auto counts = ReadConstituency(bad, builder);
    ASSERT_FALSE(counts) << bad;
    EXPECT_EQ(counts.error().code, ErrorCode::kInvalid);
  }
  auto too_large = ReadConstituency(std::string(100, ' '), builder, {.max_bytes = 10});
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, ErrorCode::kTooLarge);
  auto wrong_types = ReadConstituency(
      R"({"constituents": [7, {"name": 1, "netblocks": "192.0.2.0/24", "contacts": [1, "x"],
          "language": "j a", "country": "JPN"}]})",
      builder);
  ASSERT_TRUE(wrong_types);
  EXPECT_EQ(wrong_types->constituents, 1u);
  EXPECT_EQ(wrong_types->problems.count, 6u);
}

TEST(Precedence, ConstituencyBeatsRpslBeatsDelegated) {
  OwnershipBuilder builder;
  ASSERT_TRUE(ReadConstituency(testing::ReadTestData("ownership/constituency.json"), builder));
  builder.AddAllExcept(testing::DataFromRpsl(testing::ReadTestData("rpsl/ripe-split.rpsl")), {});
  uint32_t delegated = builder.AddRecord("", "JP", "", "delegated", {}, SourceRank::kDelegated);
  builder.AddRange(*ParseIpRange("198.51.100.0 - 198.51.100.199"), delegated);
  builder.AddRange(*ParseIpRange("192.0.2.0 - 192.0.2.255"), delegated);
  ASSERT_TRUE(ReadCsirtTable(testing::ReadTestData("ownership/national-csirts.txt"), builder));
  OwnershipIndex index(builder.Finish());
  EXPECT_EQ(testing::DescribeQueries(index,
                                     "192.0.2.130\n192.0.2.70\n198.51.100.15\n198.51.100.16\n"
                                     "198.51.100.100\n198.51.100.250\n2001:db8:abcd:10::1\n"
                                     "2001:db8:abcd:11::1\n"),
            testing::ReadTestData("ownership/precedence.expected"));
}

TEST(CsirtTable, ReadsEntriesAndNamesBadLines) {
  OwnershipBuilder builder;
  auto counts = ReadCsirtTable(testing::ReadTestData("ownership/national-csirts.txt"), builder);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->entries, 4u);
  ASSERT_EQ(counts->problems.count, 1u);
  EXPECT_EQ(counts->problems.first[0], "line 6: expected \"<country code> <mail address>\"");
  OwnershipIndex index(builder.Finish());
  EXPECT_EQ(index.NationalCsirt("FR"), "csirt-fr@example.org");
  EXPECT_EQ(index.NationalCsirt("NL"), "csirt-nl@example.org");
}

}  // namespace
}  // namespace hikeshi::coord
