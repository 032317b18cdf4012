#include "server/login_limiter.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace hikeshi::server {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp kStart = FromMicros(1'800'000'000'000'000);

TEST(LoginLimiter, LocksAnAccountAfterFiveFailuresUntilTheWindowEnds) {
  LoginLimiter limiter;
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(limiter.RetryAfter("alice", "192.0.2.1", kStart));
    limiter.RecordFailure("alice", "192.0.2.1", kStart);
  }
  auto wait = limiter.RetryAfter("alice", "192.0.2.1", kStart + minutes(1));
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, seconds(14 * 60));
  // Another address does not help: the account itself is locked.
  EXPECT_TRUE(limiter.RetryAfter("alice", "198.51.100.7", kStart + minutes(1)));
  EXPECT_FALSE(limiter.RetryAfter("bob", "198.51.100.7", kStart + minutes(1)));
  EXPECT_FALSE(limiter.RetryAfter("alice", "192.0.2.1", kStart + minutes(15)));
}

TEST(LoginLimiter, LocksAnAddressAfterTwentyFailuresAcrossAccounts) {
  LoginLimiter limiter;
  for (int i = 0; i < 20; ++i) {
    limiter.RecordFailure("user" + std::to_string(i), "192.0.2.9", kStart);
  }
  EXPECT_TRUE(limiter.RetryAfter("someone-new", "192.0.2.9", kStart));
  EXPECT_FALSE(limiter.RetryAfter("someone-new", "192.0.2.10", kStart));
}

TEST(LoginLimiter, SuccessClearsTheAccountButNotTheAddress) {
  LoginLimiter limiter(LoginLimits{.failures_per_account = 2, .failures_per_address = 3});
  limiter.RecordFailure("carol", "192.0.2.1", kStart);
  limiter.RecordFailure("carol", "192.0.2.1", kStart);
  EXPECT_TRUE(limiter.RetryAfter("carol", "192.0.2.2", kStart));
  limiter.RecordSuccess("carol");
  EXPECT_FALSE(limiter.RetryAfter("carol", "192.0.2.2", kStart));
  limiter.RecordFailure("dave", "192.0.2.1", kStart);
  EXPECT_TRUE(limiter.RetryAfter("carol", "192.0.2.1", kStart));  // address at 3
}

TEST(LoginLimiter, RetryAfterIsAtLeastOneSecond) {
  LoginLimiter limiter(LoginLimits{.failures_per_account = 1});
  limiter.RecordFailure("erin", "192.0.2.1", kStart);
  auto wait =
      limiter.RetryAfter("erin", "192.0.2.1", kStart + minutes(15) - std::chrono::microseconds(1));
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, seconds(1));
}

TEST(LoginLimiter, MemoryStaysBoundedUnderManyNames) {
  LoginLimiter limiter(LoginLimits{.failures_per_account = 1, .max_tracked_keys = 100});
  for (int i = 0; i < 10'000; ++i) {
    limiter.RecordFailure("name" + std::to_string(i), "192.0.2." + std::to_string(i % 250),
                          kStart + seconds(i));
  }
  // The newest entries are kept; the limiter still works.
  EXPECT_TRUE(limiter.RetryAfter("name9999", "203.0.113.1", kStart + seconds(10'000)));
}

TEST(LoginLimiter, OverlongNamesShareOneKey) {
  LoginLimiter limiter(LoginLimits{.failures_per_account = 2});
  std::string prefix(100, 'x');
  limiter.RecordFailure(prefix + "a", "192.0.2.1", kStart);
  limiter.RecordFailure(prefix + "b", "192.0.2.2", kStart);
  EXPECT_TRUE(limiter.RetryAfter(prefix + "c", "192.0.2.3", kStart));
}

TEST(LoginLimiter, CountsEveryFailureFromManyThreads) {
  LoginLimiter limiter(LoginLimits{.failures_per_account = 400, .failures_per_address = 1000});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter] {
      for (int i = 0; i < 100; ++i) {
        (void)limiter.RetryAfter("shared", "192.0.2.1", kStart);
        limiter.RecordFailure("shared", "192.0.2.1", kStart);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_TRUE(limiter.RetryAfter("shared", "192.0.2.2", kStart));  // exactly 400 counted
}

}  // namespace
}  // namespace hikeshi::server
