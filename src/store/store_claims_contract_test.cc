// Contract: notification claims (Store::ClaimDueNotifications, Store::ClaimNotification).
// Claimers get disjoint sets, also when they race; a claim (claimed_until) makes the
// notification unclaimable until its lease ends, then anyone may claim it again; the claimer
// whose lease ran out loses its save (kConflict). Send-now's claim ignores retry backoff but
// never a live claim, and a live send-now claim keeps the outbox away.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

constexpr milliseconds kLease{60'000};

class ClaimStoreTest : public StoreTest {
 protected:
  // An approved notification due at `due` (or a draft when `due` is absent).
  Notification Approved(int64_t incident_id, int n, std::optional<Timestamp> due) {
    Notification draft{.kind = "abuse",
                       .state = due ? "approved" : "draft",
                       .category = "scan",
                       .recipient = "abuse" + std::to_string(n) + "@x.example",
                       .items = "[]",
                       .period = "2026-11-25T01",
                       .message_id = "m-" + std::to_string(n) + "@x.example",
                       .next_attempt_at = due,
                       .created_at = kT0,
                       .updated_at = kT0};
    draft.incident_ids = {incident_id};
    auto saved = store_->SaveNotification(draft);
    EXPECT_TRUE(saved) << saved.error().message;
    return *saved;
  }

  static std::vector<int64_t> Ids(const std::vector<Notification>& items) {
    std::vector<int64_t> ids;
    for (const Notification& n : items) ids.push_back(n.id);
    return ids;
  }
};

TEST_P(ClaimStoreTest, TwoClaimersGetDisjointSetsOfWhatIsDue) {
  Incident a = Create("a");
  std::vector<int64_t> due;
  for (int i = 0; i < 5; ++i) due.push_back(Approved(a.id, i, kT0 - minutes(i)).id);
  Approved(a.id, 10, kT0 + minutes(5));  // not due yet
  Approved(a.id, 11, std::nullopt);      // a draft is never sent

  auto first = store_->ClaimDueNotifications(kLease, kT0, 3);
  ASSERT_TRUE(first) << first.error().message;
  auto second = store_->ClaimDueNotifications(kLease, kT0, 3);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(first->size(), 3u);
  EXPECT_EQ(second->size(), 2u);
  std::vector<int64_t> all = Ids(*first);
  for (int64_t id : Ids(*second)) {
    EXPECT_EQ(std::count(all.begin(), all.end(), id), 0) << "claimed twice: " << id;
    all.push_back(id);
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, due);
  // The oldest due go first.
  EXPECT_EQ(Ids(*first), (std::vector<int64_t>{due[2], due[3], due[4]}));
  for (const Notification& n : *first) {
    EXPECT_EQ(n.state, "approved");
    EXPECT_EQ(n.version, 2);
    EXPECT_EQ(n.claimed_until, kT0 + kLease);
    EXPECT_LE(n.next_attempt_at, kT0);  // the claim is not backoff
    EXPECT_EQ(n.incident_ids, std::vector<int64_t>{a.id});
  }
  EXPECT_TRUE(store_->ClaimDueNotifications(kLease, kT0 + minutes(0), 10)->empty());
  EXPECT_TRUE(store_->ListNotifications({.due_by = kT0})->empty());
}

TEST_P(ClaimStoreTest, AnExpiredClaimIsClaimedAgainAndTheFirstClaimerLosesItsSave) {
  Incident a = Create("a");
  Notification n = Approved(a.id, 1, kT0);
  auto dead = store_->ClaimDueNotifications(kLease, kT0, 10).value();  // then the server dies
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_TRUE(store_->ClaimDueNotifications(kLease, kT0 + kLease - milliseconds(1), 10)->empty());

  auto again = store_->ClaimDueNotifications(kLease, kT0 + kLease, 10).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, n.id);
  EXPECT_EQ(again[0].version, dead[0].version + 1);

  Notification late = dead[0];  // the first claimer wakes up and records its delivery
  late.state = "sent";
  EXPECT_EQ(store_->SaveNotification(late).error().code, ErrorCode::kConflict);
  Notification done = again[0];
  done.state = "sent";
  done.next_attempt_at.reset();
  ASSERT_TRUE(store_->SaveNotification(done));
  EXPECT_TRUE(store_->ClaimDueNotifications(kLease, kT0 + minutes(100), 10)->empty());
}

TEST_P(ClaimStoreTest, RacingClaimersNeverShareANotification) {
  Incident a = Create("a");
  constexpr int kCount = 24;
  for (int i = 0; i < kCount; ++i) Approved(a.id, i, kT0);
  std::mutex mutex;
  std::multiset<int64_t> claimed;
  std::vector<std::string> errors;
  std::vector<std::thread> claimers;
  for (int t = 0; t < 4; ++t) {
    claimers.emplace_back([&] {
      for (int round = 0; round < 10; ++round) {  // bounded: 4 × 10 × 2 ≥ kCount
        auto got = store_->ClaimDueNotifications(kLease, kT0, 2);
        std::lock_guard lock(mutex);
        if (!got) {
          errors.push_back(got.error().message);
          continue;
        }
        for (const Notification& n : *got) claimed.insert(n.id);
      }
    });
  }
  for (std::thread& claimer : claimers) claimer.join();
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kCount));
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), claimed.size());
}

TEST_P(ClaimStoreTest, ALiveOutboxClaimBlocksSendNow) {
  Incident a = Create("a");
  Notification n = Approved(a.id, 1, kT0);
  ASSERT_EQ(store_->ClaimDueNotifications(kLease, kT0, 10)->size(), 1u);
  auto send_now = store_->ClaimNotification(n.id, kLease, kT0 + kLease - milliseconds(1));
  ASSERT_FALSE(send_now);
  EXPECT_EQ(send_now.error().code, ErrorCode::kConflict);
  EXPECT_NE(send_now.error().message.find("another server"), std::string::npos)
      << send_now.error().message;
  EXPECT_EQ(store_->GetNotification(n.id)->version, 2);  // the refused claim changed nothing
}

TEST_P(ClaimStoreTest, ALiveSendNowClaimBlocksTheOutboxAndAnotherSendNow) {
  Incident a = Create("a");
  Notification n = Approved(a.id, 1, kT0);
  auto claimed = store_->ClaimNotification(n.id, kLease, kT0);
  ASSERT_TRUE(claimed) << claimed.error().message;
  EXPECT_EQ(claimed->id, n.id);
  EXPECT_EQ(claimed->version, n.version + 1);
  EXPECT_EQ(claimed->claimed_until, kT0 + kLease);
  EXPECT_EQ(claimed->next_attempt_at, kT0);
  EXPECT_EQ(claimed->incident_ids, std::vector<int64_t>{a.id});
  EXPECT_TRUE(store_->ClaimDueNotifications(kLease, kT0 + kLease - milliseconds(1), 10)->empty());
  EXPECT_TRUE(store_->ListNotifications({.due_by = kT0 + kLease - milliseconds(1)})->empty());
  EXPECT_EQ(store_->ClaimNotification(n.id, kLease, kT0 + kLease - milliseconds(1)).error().code,
            ErrorCode::kConflict);
}

TEST_P(ClaimStoreTest, AnExpiredClaimDoesNotBlockEitherClaim) {
  Incident a = Create("a");
  Notification n = Approved(a.id, 1, kT0);
  ASSERT_EQ(store_->ClaimDueNotifications(kLease, kT0, 10)->size(), 1u);  // then the server dies
  auto send_now = store_->ClaimNotification(n.id, kLease, kT0 + kLease);
  ASSERT_TRUE(send_now) << send_now.error().message;
  EXPECT_EQ(send_now->version, 3);
  EXPECT_EQ(send_now->claimed_until, kT0 + 2 * kLease);
  EXPECT_TRUE(store_->ClaimDueNotifications(kLease, kT0 + 2 * kLease - milliseconds(1), 10)
                  ->empty());  // dies too
  auto outbox = store_->ClaimDueNotifications(kLease, kT0 + 2 * kLease, 10);
  ASSERT_TRUE(outbox) << outbox.error().message;
  ASSERT_EQ(outbox->size(), 1u);
  EXPECT_EQ(outbox->front().version, 4);
}

TEST_P(ClaimStoreTest, BackoffDoesNotBlockSendNowAndSavingTheOutcomeEndsTheClaim) {
  Incident a = Create("a");
  Notification n = Approved(a.id, 1, kT0 + minutes(30));  // a failed attempt's backoff
  EXPECT_TRUE(store_->ClaimDueNotifications(kLease, kT0, 10)->empty());
  auto claimed = store_->ClaimNotification(n.id, kLease, kT0);
  ASSERT_TRUE(claimed) << claimed.error().message;
  EXPECT_EQ(claimed->claimed_until, kT0 + kLease);

  Notification failed = *claimed;  // the attempt fails again: backoff, claim ended
  failed.attempts = 2;
  failed.next_attempt_at = kT0 + minutes(60);
  failed.claimed_until.reset();
  auto saved = store_->SaveNotification(failed);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_FALSE(saved->claimed_until);
  EXPECT_FALSE(store_->GetNotification(n.id)->claimed_until);
  EXPECT_TRUE(store_->ClaimNotification(n.id, kLease, kT0 + minutes(1)));  // at once again
}

TEST_P(ClaimStoreTest, SendNowClaimsOnlyAnApprovedNotificationThatExists) {
  Incident a = Create("a");
  Notification draft = Approved(a.id, 1, std::nullopt);
  auto refused = store_->ClaimNotification(draft.id, kLease, kT0);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->GetNotification(draft.id)->claimed_until);
  EXPECT_EQ(store_->ClaimNotification(draft.id + 1000, kLease, kT0).error().code,
            ErrorCode::kNotFound);
}

TEST_P(ClaimStoreTest, RacingSendNowAndOutboxClaimOnlyOnce) {
  Incident a = Create("a");
  Notification n = Approved(a.id, 1, kT0);
  std::atomic<int> wins = 0;
  std::atomic<int> conflicts = 0;
  std::vector<std::thread> claimers;
  for (int t = 0; t < 4; ++t) {
    claimers.emplace_back([&, t] {
      if (t % 2 == 0) {
        auto got = store_->ClaimNotification(n.id, kLease, kT0);
        if (got)
          ++wins;
        else if (got.error().code == ErrorCode::kConflict)
          ++conflicts;
      } else {
        auto got = store_->ClaimDueNotifications(kLease, kT0, 10);
        if (got) wins += static_cast<int>(got->size());
      }
    });
  }
  for (std::thread& claimer : claimers) claimer.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(store_->GetNotification(n.id)->version, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClaimStoreTest, ::testing::ValuesIn(StoreBackends()),
                         BackendName);

}  // namespace
}  // namespace hikeshi::testing
