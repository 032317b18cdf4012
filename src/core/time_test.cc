#include "core/time.h"

#include <gtest/gtest.h>

namespace hikeshi {
namespace {

TEST(Rfc3339, FormatsUtcWithMicroseconds) {
  EXPECT_EQ(FormatRfc3339(FromMicros(0)), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339(FromMicros(1'795'830'000'123'456)), "2026-11-28T01:40:00.123456Z");
}

TEST(Rfc3339, ParsesZonesAndFractions) {
  auto utc = ParseRfc3339("2026-11-22T01:15:00Z");
  ASSERT_TRUE(utc);
  // 10:15 JST is 01:15 UTC.
  EXPECT_EQ(ParseRfc3339("2026-11-22T10:15:00+09:00"), utc);
  EXPECT_EQ(ParseRfc3339("2026-11-22T01:15:00.5Z"), *utc + std::chrono::milliseconds(500));
  auto round = FromMicros(1'795'830'000'123'456);
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(round)), round);
}

TEST(Rfc3339, RejectsMalformed) {
  for (const char* bad : {"", "2026-11-22", "2026-11-22T01:15:00", "2026-02-30T00:00:00Z",
                          "2026-11-22T24:00:00Z", "2026-11-22T01:15:00+0900",
                          "2026-11-22T01:15:00Zjunk", "2026-11-22T01:15:00.Z", "２０２６-11-22"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock clock(FromMicros(10));
  EXPECT_EQ(clock.Now(), FromMicros(10));
  clock.Advance(std::chrono::microseconds(5));
  EXPECT_EQ(clock.Now(), FromMicros(15));
}

}  // namespace
}  // namespace hikeshi
