// Store leases (store.h): one holder at a time, renewal by the holder, expiry, release. Run
// against every backend.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class LeaseStoreTest : public StoreTest {};

TEST_P(LeaseStoreTest, OneHolderAtATimeUntilReleaseOrExpiry) {
  constexpr milliseconds kTtl{30'000};
  EXPECT_TRUE(store_->TryAcquireLease("imap:abuse", "server-a", kTtl, kT0).value());
  EXPECT_FALSE(store_->TryAcquireLease("imap:abuse", "server-b", kTtl, kT0 + seconds(1)).value());
  // Another name is another lease.
  EXPECT_TRUE(store_->TryAcquireLease("imap:other", "server-b", kTtl, kT0).value());
  // The holder renews; the expiry moves with it.
  EXPECT_TRUE(store_->TryAcquireLease("imap:abuse", "server-a", kTtl, kT0 + seconds(20)).value());
  EXPECT_FALSE(store_->TryAcquireLease("imap:abuse", "server-b", kTtl, kT0 + seconds(40)).value());
  // A holder that stops renewing (killed) loses the lease once it has expired.
  EXPECT_TRUE(store_->TryAcquireLease("imap:abuse", "server-b", kTtl, kT0 + seconds(51)).value());
  EXPECT_FALSE(store_->TryAcquireLease("imap:abuse", "server-a", kTtl, kT0 + seconds(52)).value());
  // Release by someone else changes nothing; by the holder frees it at once.
  ASSERT_TRUE(store_->ReleaseLease("imap:abuse", "server-a"));
  EXPECT_FALSE(store_->TryAcquireLease("imap:abuse", "server-a", kTtl, kT0 + seconds(53)).value());
  ASSERT_TRUE(store_->ReleaseLease("imap:abuse", "server-b"));
  EXPECT_TRUE(store_->TryAcquireLease("imap:abuse", "server-a", kTtl, kT0 + seconds(54)).value());
}

TEST_P(LeaseStoreTest, ConcurrentContendersGetOneWinner) {
  constexpr int kContenders = 8;
  std::vector<std::thread> threads;
  std::atomic<int> winners = 0;
  for (int i = 0; i < kContenders; ++i) {
    threads.emplace_back([&, i] {
      auto won = store_->TryAcquireLease("job", "holder-" + std::to_string(i), seconds(60), kT0);
      ASSERT_TRUE(won) << won.error().message;
      if (*won) ++winners;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(winners.load(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeaseStoreTest, ::testing::ValuesIn(StoreBackends()),
                         BackendName);

}  // namespace
}  // namespace hikeshi::testing
