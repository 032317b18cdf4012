// The Store contract for users, API tokens and sessions, run against every backend in
// StoreBackends().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/sha256.h"
#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using ::testing::ValuesIn;

class AccountStoreTest : public StoreTest {
 protected:
  User AddUser(std::string name, Role role = Role::kResponder) {
    auto user = store_->CreateUser({.name = std::move(name),
                                    .role = role,
                                    .password_hash = "$argon2id$v=19$stub",
                                    .created_at = kT0});
    EXPECT_TRUE(user) << user.error().message;
    return user ? *user : User{};
  }
};

TEST_P(AccountStoreTest, UsersRoundTrip) {
  User alice = AddUser("alice", Role::kAdmin);
  EXPECT_GT(alice.id, 0);
  auto bob = store_->CreateUser({.name = "bob", .disabled = true, .created_at = kT0});
  ASSERT_TRUE(bob);
  EXPECT_GT(bob->id, alice.id);

  auto by_name = store_->GetUserByName("alice");
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->id, alice.id);
  EXPECT_EQ(by_name->role, Role::kAdmin);
  EXPECT_EQ(by_name->password_hash, "$argon2id$v=19$stub");
  EXPECT_FALSE(by_name->disabled);
  EXPECT_EQ(by_name->created_at, kT0);

  auto by_id = store_->GetUserById(bob->id);
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->name, "bob");
  EXPECT_EQ(by_id->role, Role::kViewer);
  EXPECT_TRUE(by_id->disabled);
  EXPECT_EQ(by_id->password_hash, "");

  auto all = store_->ListUsers();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice");
  EXPECT_EQ((*all)[1].name, "bob");
}

TEST_P(AccountStoreTest, DuplicateUserNameIsConflict) {
  AddUser("alice");
  auto again = store_->CreateUser({.name = "alice", .created_at = kT0});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
}

TEST_P(AccountStoreTest, UnknownUserIsNotFound) {
  EXPECT_EQ(store_->GetUserByName("nobody").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetUserById(7).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, TokensFindTheirUser) {
  User alice = AddUser("alice");
  std::string hash = Sha256Hex("hk_secret_token");
  auto token = store_->CreateApiToken(
      {.user_id = alice.id, .label = "ci", .token_hash = hash, .created_at = kT0});
  ASSERT_TRUE(token) << token.error().message;
  EXPECT_GT(token->id, 0);
  EXPECT_EQ(token->label, "ci");

  auto user = store_->GetUserByTokenHash(hash);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->id, alice.id);
  EXPECT_EQ(store_->GetUserByTokenHash(Sha256Hex("other")).error().code, ErrorCode::kNotFound);

  auto duplicate = store_->CreateApiToken(
      {.user_id = alice.id, .label = "again", .token_hash = hash, .created_at = kT0});
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  auto orphan = store_->CreateApiToken(
      {.user_id = alice.id + 100, .label = "x", .token_hash = "ab", .created_at = kT0});
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, SessionsExpire) {
  User alice = AddUser("alice");
  Session session{.id_hash = Sha256Hex("cookie"),
                  .user_id = alice.id,
                  .csrf_token = "csrf",
                  .created_at = kT0,
                  .expires_at = kT0 + hours(8)};
  ASSERT_TRUE(store_->CreateSession(session));

  auto got = store_->GetSession(session.id_hash, kT0 + hours(1));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->user_id, alice.id);
  EXPECT_EQ(got->csrf_token, "csrf");
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(got->expires_at, kT0 + hours(8));

  EXPECT_TRUE(store_->GetSession(session.id_hash, kT0 + hours(8) - microseconds(1)));
  EXPECT_EQ(store_->GetSession(session.id_hash, kT0 + hours(8)).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetSession(Sha256Hex("other"), kT0).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, SessionsCanBeDeleted) {
  User alice = AddUser("alice");
  Session session{.id_hash = "h1",
                  .user_id = alice.id,
                  .csrf_token = "c",
                  .created_at = kT0,
                  .expires_at = kT0 + hours(1)};
  ASSERT_TRUE(store_->CreateSession(session));
  ASSERT_TRUE(store_->DeleteSession("h1"));
  EXPECT_EQ(store_->GetSession("h1", kT0).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->DeleteSession("h1"));  // logging out twice is fine
}

TEST_P(AccountStoreTest, SessionErrors) {
  User alice = AddUser("alice");
  Session session{.id_hash = "h1",
                  .user_id = alice.id,
                  .csrf_token = "c",
                  .created_at = kT0,
                  .expires_at = kT0 + hours(1)};
  ASSERT_TRUE(store_->CreateSession(session));
  EXPECT_EQ(store_->CreateSession(session).error().code, ErrorCode::kConflict);
  session.id_hash = "h2";
  session.user_id = alice.id + 100;
  EXPECT_EQ(store_->CreateSession(session).error().code, ErrorCode::kNotFound);
}

TEST_P(AccountStoreTest, CreatingASessionDropsExpiredOnes) {
  User alice = AddUser("alice");
  ASSERT_TRUE(store_->CreateSession({.id_hash = "old",
                                     .user_id = alice.id,
                                     .csrf_token = "c",
                                     .created_at = kT0,
                                     .expires_at = kT0 + hours(1)}));
  ASSERT_TRUE(store_->CreateSession({.id_hash = "new",
                                     .user_id = alice.id,
                                     .csrf_token = "c",
                                     .created_at = kT0 + hours(2),
                                     .expires_at = kT0 + hours(3)}));
  // Even a caller with a clock that runs behind cannot revive the purged session.
  EXPECT_EQ(store_->GetSession("old", kT0).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(store_->GetSession("new", kT0 + hours(2)));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace hikeshi::testing
