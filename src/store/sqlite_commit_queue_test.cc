#include "store/sqlite_commit_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/store_test_support.h"

namespace hikeshi::sqlite {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::ScratchDir;

// A unit that inserts `name` into the item table.
CommitQueue::Unit Insert(std::string name) {
  return [name = std::move(name)](SqliteDb& db) -> Status {
    auto insert = db.Prepare("INSERT INTO item (name) VALUES (?1)");
    if (!insert) return std::unexpected(insert.error());
    insert->Bind(1, name);
    return insert->Run();
  };
}

// A unit that inserts `name`, then fails: its insert must not be stored.
CommitQueue::Unit InsertThenFail(std::string name) {
  return [insert = Insert(std::move(name))](SqliteDb& db) -> Status {
    if (auto ok = insert(db); !ok) return ok;
    return Fail(ErrorCode::kConflict, "changed my mind");
  };
}

class CommitQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = SqliteDb::Open(path_, {.busy_timeout_ms = 100});
    ASSERT_TRUE(writer);
    ASSERT_TRUE(
        (*writer)->Execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
                           "CREATE TABLE item (name TEXT UNIQUE); "
                           "CREATE TABLE parent (id INTEGER PRIMARY KEY); "
                           "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id))"));
    sqlite3_commit_hook((*writer)->Raw(),
                        [](void* commits) {
                          ++*static_cast<std::atomic<int>*>(commits);
                          return 0;
                        },
                        &commits_);
    connections_ = std::make_unique<Connections>(std::move(*writer), path_, 100, 2);
    queue_ = std::make_unique<CommitQueue>(*connections_);
  }

  // Submits `units` from one thread each, so that they form one batch in this order: a first
  // unit keeps the leader busy until all of them are queued. Returns their results.
  std::vector<Status> RunAsOneBatch(const std::vector<CommitQueue::Unit>& units) {
    const int count = static_cast<int>(units.size());
    std::atomic<bool> holding = false;
    std::atomic<bool> released = false;
    std::thread leader([&] {
      auto held = queue_->Submit([&](SqliteDb&) -> Status {
        holding = true;
        while (queue_->Pending() < 1 + count) std::this_thread::yield();
        released = true;
        return {};
      });
      EXPECT_TRUE(held);
    });
    while (!holding) std::this_thread::yield();
    int commits_before = commits_;
    std::vector<Status> results(units.size());
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) {
      threads.emplace_back([&, i] { results[i] = queue_->Submit(units[i]); });
      // Queued before the next one starts, to keep the order. Once the last is queued, the batch
      // may run and finish before this loop sees the count.
      while (!released && queue_->Pending() < 2 + i) std::this_thread::yield();
    }
    leader.join();
    for (auto& thread : threads) thread.join();
    commits_in_batch_ = commits_ - commits_before - 1;  // without the holding unit's
    return results;
  }

  std::vector<std::string> Items() {
    auto lease = connections_->Reader();
    EXPECT_TRUE(lease);
    auto select = lease->Db().Prepare("SELECT name FROM item ORDER BY rowid");
    EXPECT_TRUE(select);
    std::vector<std::string> names;
    while (select->Step().value_or(false)) names.push_back(select->Text(0));
    return names;
  }

  ScratchDir scratch_;
  std::string path_ = scratch_.File("q.db");
  std::atomic<int> commits_ = 0;
  int commits_in_batch_ = 0;
  std::unique_ptr<Connections> connections_;
  std::unique_ptr<CommitQueue> queue_;
};

TEST_F(CommitQueueTest, QueuedUnitsShareOneCommit) {
  auto results = RunAsOneBatch({Insert("a"), Insert("b"), Insert("c"), Insert("d")});
  for (const auto& result : results) EXPECT_TRUE(result);
  EXPECT_EQ(commits_in_batch_, 1);
  EXPECT_THAT(Items(), ElementsAre("a", "b", "c", "d"));
}

TEST_F(CommitQueueTest, FailedUnitInTheMiddleStoresNothingAndTheOthersCommit) {
  auto results = RunAsOneBatch({Insert("a"), InsertThenFail("b"), Insert("c"),
                                Insert("a"),  // duplicate: a constraint failure inside SQLite
                                Insert("d")});
  EXPECT_TRUE(results[0]);
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().message, "changed my mind");
  EXPECT_TRUE(results[2]);
  ASSERT_FALSE(results[3]);
  EXPECT_EQ(results[3].error().code, ErrorCode::kConflict);
  EXPECT_TRUE(results[4]);
  EXPECT_EQ(commits_in_batch_, 1);
  EXPECT_THAT(Items(), ElementsAre("a", "c", "d"));
}

TEST_F(CommitQueueTest, UnitSeesTheWritesOfEarlierUnitsInItsBatch) {
  int64_t seen = -1;
  auto count = [&](SqliteDb& db) -> Status {
    auto select = db.Prepare("SELECT COUNT(*) FROM item");
    if (!select) return std::unexpected(select.error());
    if (auto row = select->Step(); !row) return std::unexpected(row.error());
    seen = select->Int(0);
    return {};
  };
  RunAsOneBatch({Insert("a"), InsertThenFail("x"), Insert("b"), count});
  EXPECT_EQ(seen, 2);
}

// A deferred foreign-key violation passes every statement and fails only the COMMIT.
TEST_F(CommitQueueTest, FailedCommitFailsEveryUnitAndStoresNothing) {
  auto orphan = [](SqliteDb& db) -> Status {
    return db.Execute("PRAGMA defer_foreign_keys = ON; INSERT INTO child VALUES (42)");
  };
  auto results = RunAsOneBatch({Insert("a"), orphan, Insert("b"), InsertThenFail("c")});
  for (int i = 0; i < 3; ++i) {
    ASSERT_FALSE(results[i]) << i;
    EXPECT_EQ(results[i].error().code, ErrorCode::kConflict);
    EXPECT_THAT(results[i].error().message, HasSubstr("FOREIGN KEY"));
  }
  ASSERT_FALSE(results[3]);
  EXPECT_EQ(results[3].error().message, "changed my mind");  // its own failure stays its own
  EXPECT_THAT(Items(), ::testing::IsEmpty());

  EXPECT_TRUE(queue_->Submit(Insert("after")));  // the queue goes on
  EXPECT_THAT(Items(), ElementsAre("after"));
}

// A unit that ends the shared transaction takes the earlier units' writes with it: they must
// report failure, and the units after it run in a new transaction.
TEST_F(CommitQueueTest, LostTransactionFailsItsUnitsAndTheRestGoOn) {
  auto rollback = [](SqliteDb& db) -> Status { return db.Execute("ROLLBACK"); };
  auto results = RunAsOneBatch({Insert("a"), rollback, Insert("b")});
  ASSERT_FALSE(results[0]);
  EXPECT_THAT(results[0].error().message, HasSubstr("not stored"));
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]);
  EXPECT_THAT(Items(), ElementsAre("b"));
}

TEST_F(CommitQueueTest, ThrowingUnitFailsAloneWithoutEscaping) {
  auto throwing = [](SqliteDb& db) -> Status {
    (void)Insert("thrown")(db);
    throw std::runtime_error("boom");
  };
  auto results = RunAsOneBatch({Insert("a"), throwing, Insert("b")});
  EXPECT_TRUE(results[0]);
  ASSERT_FALSE(results[1]);
  EXPECT_EQ(results[1].error().code, ErrorCode::kInternal);
  EXPECT_THAT(results[1].error().message, HasSubstr("boom"));
  EXPECT_TRUE(results[2]);
  EXPECT_THAT(Items(), ElementsAre("a", "b"));
}

TEST_F(CommitQueueTest, NestedSubmitFailsInsteadOfDeadlocking) {
  auto nested = [&](SqliteDb&) -> Status { return queue_->Submit(Insert("inner")); };
  auto result = queue_->Submit(nested);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInternal);
  EXPECT_THAT(Items(), ::testing::IsEmpty());
}

// Another process holding the write lock past the busy timeout: every waiting unit gets
// kUnavailable, and nothing is stored.
TEST_F(CommitQueueTest, LockedDatabaseMakesWritesUnavailable) {
  auto other = SqliteDb::Open(path_, {.busy_timeout_ms = 100});
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->Execute("BEGIN IMMEDIATE"));
  std::vector<Status> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] { results[i] = queue_->Submit(Insert(std::to_string(i))); });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) {
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable);
  }
  ASSERT_TRUE((*other)->Execute("ROLLBACK"));
  EXPECT_TRUE(queue_->Submit(Insert("c")));
  EXPECT_THAT(Items(), ElementsAre("c"));
}

TEST_F(CommitQueueTest, ManyThreadsEveryUnitAccountedFor) {
  constexpr int kThreads = 16;
  constexpr int kUnitsPerThread = 200;
  std::atomic<int> stored = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kUnitsPerThread; ++i) {
        std::string name = std::to_string(t) + "-" + std::to_string(i);
        bool fail = i % 5 == 2;
        auto result = queue_->Submit(fail ? InsertThenFail(name) : Insert(name));
        EXPECT_EQ(bool(result), !fail) << name;
        if (result) ++stored;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(std::ssize(Items()), stored.load());
  EXPECT_EQ(stored, kThreads * kUnitsPerThread * 4 / 5);
  EXPECT_LT(commits_, stored);  // some units did share a commit
}

}  // namespace
}  // namespace hikeshi::sqlite
