#include "coord/ownership_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <tuple>

#include "coord/index_file.h"
#include "coord/watched_index.h"

namespace hikeshi::coord {
namespace {

// The reference: scan every prefix, keep the highest (rank, length, specificity, position).
const PrefixEntry* Naive(const OwnershipData& data, bool is_v6, Address128 address) {
  const PrefixEntry* best = nullptr;
  std::tuple<int, int, int> best_key{-1, -1, -1};
  for (const PrefixEntry& entry : data.prefixes) {
    if (entry.is_v6 != is_v6) continue;
    IpRange range = PrefixRange(entry.prefix());
    if (address < range.first || address > range.last) continue;
    std::tuple<int, int, int> key{static_cast<int>(data.records[entry.record].rank), entry.length,
                                  entry.specificity};
    if (key >= best_key) best = &entry, best_key = key;
  }
  return best;
}

OwnershipData RandomData(std::mt19937_64& random, int count) {
  OwnershipBuilder builder;
  uint32_t records[3];
  for (int rank = 0; rank < 3; ++rank) {
    records[rank] = builder.AddRecord("owner" + std::to_string(rank), "NL", "", "s", {},
                                      static_cast<SourceRank>(rank));
  }
  for (int i = 0; i < count; ++i) {
    bool is_v6 = random() % 4 == 0;
    // A small address space (10.0.0.0/14, 2001:db8::/110 shifted) so prefixes overlap a lot.
    int length =
        is_v6 ? 100 + static_cast<int>(random() % 29) : 14 + static_cast<int>(random() % 19);
    Address128 base = is_v6 ? (Address128{0x20010db8} << 96) : Address128{0x0a000000};
    int bits = is_v6 ? 128 : 32;
    Address128 offset = random() & ((Address128{1} << 18) - 1);
    Address128 address = (base | offset) & ~((Address128{1} << (bits - length)) - 1);
    builder.AddPrefix({is_v6, address, static_cast<uint8_t>(length)}, records[random() % 3],
                      static_cast<uint8_t>(length + random() % 2));
  }
  return builder.Finish();
}

TEST(OwnershipIndex, MatchesABruteForceReference) {
  std::mt19937_64 random(42);
  for (int round = 0; round < 4; ++round) {
    OwnershipData data = RandomData(random, 300);
    OwnershipData copy = data;
    OwnershipIndex index(std::move(data));
    for (int i = 0; i < 3000; ++i) {
      bool is_v6 = i % 3 == 0;
      Address128 address = random() & ((Address128{1} << 18) - 1);
      address |= is_v6 ? (Address128{0x20010db8} << 96) : Address128{0x0a000000};
      const PrefixEntry* expected = Naive(copy, is_v6, address);
      const PrefixEntry* got = is_v6 ? index.FindV6(address) : index.FindV4(uint32_t(address));
      ASSERT_EQ(got == nullptr, expected == nullptr) << FormatAddress(is_v6, address);
      if (got) {
        EXPECT_EQ(got - index.data().prefixes.data(), expected - copy.prefixes.data())
            << FormatAddress(is_v6, address);
      }
    }
  }
}

TEST(OwnershipIndex, EdgesOfTheAddressSpace) {
  OwnershipBuilder builder;
  uint32_t record = builder.AddRecord("all", "", "", "s", {}, SourceRank::kRpsl);
  builder.AddPrefix({false, 0xffffff00u, 24}, record, 24);
  builder.AddPrefix({true, ~Address128{0} << 8, 120}, record, 120);
  builder.AddPrefix({true, 0, 0}, builder.AddRecord("v6", "", "", "s", {}, SourceRank::kDelegated),
                    0);
  OwnershipIndex index(builder.Finish());
  EXPECT_EQ(index.Lookup("255.255.255.255")->netblock, "255.255.255.0/24");
  EXPECT_FALSE(index.Lookup("255.255.254.255"));
  EXPECT_EQ(index.Lookup("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")->owner, "all");
  EXPECT_EQ(index.Lookup("::1")->netblock, "::/0");
  EXPECT_FALSE(index.Lookup("0.0.0.0"));
  EXPECT_FALSE(index.Lookup(""));
  EXPECT_FALSE(index.Lookup("a"));
}

TEST(OwnershipIndex, RangeWithoutCountryBorrowsTheDelegatedCountry) {
  OwnershipBuilder builder;
  uint32_t delegated = builder.AddRecord("", "JP", "", "delegated", {}, SourceRank::kDelegated);
  uint32_t rpsl =
      builder.AddRecord("No Country KK", "", "", "apnic", {"abuse@x.example"}, SourceRank::kRpsl);
  uint32_t own = builder.AddRecord("Own", "NL", "", "ripe", {}, SourceRank::kRpsl);
  builder.AddRange(*ParseIpRange("192.0.2.0/23"), delegated);
  builder.AddRange(*ParseIpRange("192.0.2.0/25"), rpsl);
  builder.AddRange(*ParseIpRange("192.0.2.128/25"), own);
  builder.AddRange(*ParseIpRange("198.51.100.0/24"), rpsl);  // no delegated range around it
  builder.AddRange(*ParseIpRange("2001:db8::/32"), delegated);
  builder.AddRange(*ParseIpRange("2001:db8:1::/48"), rpsl);
  OwnershipIndex index(builder.Finish());
  auto borrowed = index.Lookup("192.0.2.5");
  ASSERT_TRUE(borrowed);
  EXPECT_EQ(borrowed->owner, "No Country KK");
  EXPECT_EQ(borrowed->country, "JP");
  EXPECT_EQ(borrowed->source, "apnic");
  EXPECT_EQ(index.Lookup("192.0.2.200")->country, "NL");  // its own country first
  EXPECT_EQ(index.Lookup("198.51.100.1")->country, "");
  EXPECT_EQ(index.Lookup("2001:db8:1::1")->country, "JP");
  EXPECT_EQ(index.Lookup("192.0.3.1")->source, "delegated");
}

TEST(WatchedIndex, LoadsReloadsAndKeepsTheOldIndexOnCorruption) {
  std::string path = ::testing::TempDir() + "/watched-index-" + std::to_string(::getpid());
  std::filesystem::remove(path);
  auto watched = WatchedIndex::Open(path, std::chrono::hours(1));
  ASSERT_TRUE(watched);
  EXPECT_FALSE((*watched)->Lookup("192.0.2.1"));
  OwnershipBuilder builder;
  builder.AddRange(*ParseIpRange("192.0.2.0/24"),
                   builder.AddRecord("first", "", "", "s", {}, SourceRank::kRpsl));
  ASSERT_TRUE(WriteIndexFile(path, builder.Finish()));
  auto refreshed = (*watched)->Refresh();
  ASSERT_TRUE(refreshed) << refreshed.error().message;
  EXPECT_EQ((*watched)->Lookup("192.0.2.1")->owner, "first");
  std::filesystem::resize_file(path, 50);
  EXPECT_EQ((*watched)->Refresh().error().code, ErrorCode::kCorrupt);
  EXPECT_EQ((*watched)->Lookup("192.0.2.1")->owner, "first");
  EXPECT_EQ(WatchedIndex::Open(path).error().code, ErrorCode::kCorrupt);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace hikeshi::coord
