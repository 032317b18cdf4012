// RPSL edge cases on tests/data/rpsl/ripe-split.rpsl, with the answers compared to a reviewed
// golden file (tests/data/rpsl/ripe-split.expected).
#include "coord/rpsl_ownership.h"

#include <gtest/gtest.h>

#include "coord/coord_test_support.h"
#include "coord/ownership_index.h"
#include "coord/rpsl_reader.h"

namespace hikeshi::coord {
namespace {

using testing::DataFromRpsl;
using testing::ReadTestData;

constexpr std::string_view kQueries =
    "192.0.2.10\n192.0.2.70\n192.0.2.200\n198.51.100.9\n198.51.100.10\n198.51.100.15\n"
    "198.51.100.20\n198.51.100.21\n203.0.113.5\n203.0.113.200\n2001:db8::1\n"
    "2001:db8:abcd:1::5\n2001:db9::1\n::ffff:192.0.2.70\nexample.net\nnot an address\n"
    "AS64496\nas64511\n\uFF21\uFF33\uFF16\uFF14\uFF15\uFF11\uFF10\nAS64499\nAS064496\nAS99999999999"
    "\n";

TEST(RpslOwnership, GoldenAnswers) {
  OwnershipIndex index(DataFromRpsl(ReadTestData("rpsl/ripe-split.rpsl")));
  EXPECT_EQ(testing::DescribeQueries(index, kQueries), ReadTestData("rpsl/ripe-split.expected"));
}

TEST(RpslOwnership, MultipleAbuseCInTheirOrder) {
  OwnershipIndex index(DataFromRpsl(ReadTestData("rpsl/ripe-split.rpsl")));
  auto found = index.Lookup("192.0.2.70");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->abuse_mailboxes,
            (std::vector<std::string>{"abuse@example.net", "noc-abuse@example.net"}));
}

TEST(RpslOwnership, OverlappingInetnumsMostSpecificWins) {
  OwnershipIndex index(DataFromRpsl(ReadTestData("rpsl/ripe-split.rpsl")));
  EXPECT_EQ(index.Lookup("192.0.2.64")->netblock, "192.0.2.64/26");
  EXPECT_EQ(index.Lookup("192.0.2.63")->netblock, "192.0.2.0/24");
  EXPECT_EQ(index.Lookup("192.0.2.128")->netblock, "192.0.2.0/24");
}

TEST(RpslOwnership, BrokenObjectsAreNamedAndTheRestImported) {
  RpslOwnership ownership;
  RpslReader reader({}, [&](const RpslObject& object) { ownership.Add(object); });
  reader.Feed(ReadTestData("rpsl/ripe-split.rpsl"));
  reader.Finish();
  ASSERT_EQ(reader.problems().count, 1u);
  EXPECT_NE(reader.problems().first[0].find("broken inetnum starting at line"), std::string::npos);
  ASSERT_EQ(ownership.problems().count, 1u);
  EXPECT_NE(ownership.problems().first[0].find("inetnum: unparseable range 'this is not a range'"),
            std::string::npos);
  EXPECT_EQ(ownership.counts().inetnums, 5u);  // the broken object never reached it
  EXPECT_EQ(ownership.counts().inet6nums, 2u);
  EXPECT_EQ(ownership.counts().aut_nums, 3u);
  EXPECT_EQ(ownership.counts().roles, 2u);
  EXPECT_EQ(ownership.counts().irts, 1u);
  EXPECT_EQ(ownership.counts().organisations, 1u);
  EXPECT_EQ(ownership.counts().other_objects, 1u);
}

TEST(RpslOwnership, ObjectsInAnyOrderAcrossFiles) {
  // The role comes after the inetnum that names it, as with split files read in any order.
  auto data = DataFromRpsl(
      "inet6num: 2001:db8::/48\nnetname: N\ncountry: jp\nabuse-c: lower-case-handle\n"
      "source: APNIC\n\nrole: R\nnic-hdl: LOWER-CASE-HANDLE\nabuse-mailbox: a@example.net\n"
      "abuse-mailbox: b@example.net\n");
  OwnershipIndex index(std::move(data));
  auto found = index.Lookup("2001:db8::42");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, "apnic");
  EXPECT_EQ(found->country, "JP");
  EXPECT_EQ(found->owner, "N");
  EXPECT_EQ(found->abuse_mailboxes, (std::vector<std::string>{"a@example.net", "b@example.net"}));
}

TEST(RpslOwnership, AssignmentsInheritTheAbuseContactOfTheirAllocation) {
  auto data = DataFromRpsl(
      "inetnum: 192.0.2.0 - 192.0.2.255\nnetname: ALLOCATION\norg: ORG-A\ncountry: NL\n\n"
      "inetnum: 192.0.2.8 - 192.0.2.15\nnetname: CUSTOMER\ncountry: NL\n\n"
      "inetnum: 192.0.2.16 - 192.0.2.23\nnetname: OWN-CONTACT\nabuse-c: R2\n\n"
      "inetnum: 198.51.100.0 - 198.51.100.7\nnetname: ORPHAN\n\n"
      "organisation: ORG-A\norg-name: Example LIR\nabuse-c: R1\n\n"
      "role: A\nnic-hdl: R1\nabuse-mailbox: lir-abuse@example.net\n\n"
      "role: B\nnic-hdl: R2\nabuse-mailbox: own@example.net\n");
  OwnershipIndex index(std::move(data));
  auto customer = index.Lookup("192.0.2.9");
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->owner, "CUSTOMER");
  EXPECT_EQ(customer->abuse_mailboxes, std::vector<std::string>{"lir-abuse@example.net"});
  EXPECT_EQ(index.Lookup("192.0.2.17")->abuse_mailboxes,
            std::vector<std::string>{"own@example.net"});
  EXPECT_TRUE(index.Lookup("198.51.100.1")->abuse_mailboxes.empty());
}

TEST(RpslOwnership, AnUnparseableAutNumIsNamedAndSkipped) {
  OwnershipData data = DataFromRpsl(
      "aut-num: AS-EXAMPLE\nas-name: X\n\naut-num: AS64500\nas-name: GOOD\n\n"
      "aut-num: AS4294967296\n");
  ASSERT_EQ(data.autonomous_systems.size(), 1u);
  OwnershipIndex index(std::move(data));
  auto found = index.Lookup("AS64500");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->owner, "GOOD");  // no org, no descr: the as-name
  EXPECT_TRUE(found->abuse_mailboxes.empty());
  RpslOwnership ownership;
  RpslReader reader({}, [&](const RpslObject& object) { ownership.Add(object); });
  reader.Feed("aut-num: AS-EXAMPLE\n");
  reader.Finish();
  ASSERT_EQ(ownership.problems().count, 1u);
  EXPECT_NE(ownership.problems().first[0].find("aut-num: unparseable AS number 'AS-EXAMPLE'"),
            std::string::npos);
}

}  // namespace
}  // namespace hikeshi::coord
