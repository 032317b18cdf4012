#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "store/store.h"
#include "store/store_test_support.h"

namespace hikeshi {
namespace {

using ::testing::HasSubstr;
using testing::ScratchDir;

TEST(OpenStore, AcceptsPathsAndSqliteUrls) {
  ScratchDir scratch;
  for (std::string location : {scratch.File("plain.db"), "sqlite:" + scratch.File("short.db"),
                               "sqlite://" + scratch.File("url.db"), std::string(":memory:")}) {
    auto store = OpenStore(location);
    EXPECT_TRUE(store) << location << ": " << store.error().message;
  }
  EXPECT_TRUE(std::filesystem::exists(scratch.File("plain.db")));
  EXPECT_TRUE(std::filesystem::exists(scratch.File("short.db")));
  EXPECT_TRUE(std::filesystem::exists(scratch.File("url.db")));
}

TEST(OpenStore, UsesWriteAheadLogging) {
  ScratchDir scratch;
  auto store = OpenStore(scratch.File("wal.db"));
  ASSERT_TRUE(store);
  auto [incident, draft] = testing::NewIncident("x");
  ASSERT_TRUE((*store)->CreateIncident(incident, draft, "alice"));
  EXPECT_TRUE(std::filesystem::exists(scratch.File("wal.db-wal")));
}

TEST(OpenStore, AnUnreachablePostgresIsUnavailable) {
  // Port 1 on loopback refuses at once: nothing listens there.
  for (std::string_view location :
       {"postgresql://hikeshi@127.0.0.1:1/hikeshi", "postgres://hikeshi@127.0.0.1:1/hikeshi"}) {
    auto store = OpenStore(location);
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_THAT(store.error().message, HasSubstr("PostgreSQL is unreachable"));
  }
}

TEST(OpenStore, RejectsBadOptionsAndLocations) {
  ScratchDir scratch;
  auto bad_sync = OpenStore(scratch.File("x.db"), {.sqlite_synchronous = "off"});
  ASSERT_FALSE(bad_sync);
  EXPECT_EQ(bad_sync.error().code, ErrorCode::kInvalid);
  EXPECT_THAT(bad_sync.error().message, HasSubstr("\"normal\" or \"full\""));
  EXPECT_TRUE(OpenStore(scratch.File("y.db"), {.sqlite_synchronous = "full"}));

  EXPECT_EQ(OpenStore("sqlite:").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(OpenStore("").error().code, ErrorCode::kInvalid);
  auto unreachable = OpenStore(scratch.File("no/such/dir/z.db"));
  ASSERT_FALSE(unreachable);
  EXPECT_EQ(unreachable.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace hikeshi
