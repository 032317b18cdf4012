#include "store/sqlite_checkpointer.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "store/store_test_support.h"

namespace hikeshi::sqlite {
namespace {

using testing::ScratchDir;

// Each commit adds at least one 4 KiB page to the WAL; without checkpoints it would hold all of
// them. The WAL must stay bounded and the data must reach the database file.
TEST(Checkpointer, KeepsTheWalBoundedAndCopiesItBack) {
  ScratchDir scratch;
  std::string path = scratch.File("c.db");
  auto opened = SqliteDb::Open(path, {});
  ASSERT_TRUE(opened);
  SqliteDb& writer = **opened;
  ASSERT_TRUE(writer.Execute("PRAGMA journal_mode = WAL; CREATE TABLE t(b BLOB)"));
  {
    auto checkpointer = Checkpointer::Start(writer, path, "NORMAL", 5000);
    ASSERT_TRUE(checkpointer) << checkpointer.error().message;
    constexpr int kCommits = Checkpointer::kInlineFrames + 2000;
    uintmax_t largest_wal = 0;
    for (int i = 0; i < kCommits; ++i) {
      ASSERT_TRUE(writer.Execute("INSERT INTO t VALUES (zeroblob(3000))"));
      if (i % 500 == 0) {
        largest_wal = std::max(largest_wal, std::filesystem::file_size(path + "-wal"));
      }
    }
    constexpr uintmax_t kFrameBytes = 4096 + 24;
    EXPECT_LT(largest_wal, (Checkpointer::kInlineFrames + 1000) * kFrameBytes);
  }                                                            // stopped: its thread is joined here
  EXPECT_GT(std::filesystem::file_size(path), 1000u * 3000u);  // data reached the main file

  auto count = writer.Prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count && count->Step().value());
  EXPECT_EQ(count->Int(0), Checkpointer::kInlineFrames + 2000);
}

}  // namespace
}  // namespace hikeshi::sqlite
