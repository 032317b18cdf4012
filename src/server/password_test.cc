#include "server/password.h"

#include <gtest/gtest.h>

#include <set>

namespace hikeshi::server {
namespace {

TEST(Password, HashVerifiesOnlyTheSamePassword) {
  auto hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash) << hash.error().message;
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(Password, SamePasswordHashesDifferently) {
  auto first = HashPassword("twelve bytes!");
  auto second = HashPassword("twelve bytes!");
  ASSERT_TRUE(first && second);
  EXPECT_NE(*first, *second);  // random salt
}

TEST(Password, RejectsTooShortAndTooLong) {
  EXPECT_EQ(HashPassword("short").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(HashPassword(std::string(kMaxPasswordBytes + 1, 'a')).error().code,
            ErrorCode::kInvalid);
}

TEST(Password, GarbageHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("not a hash", "anything at all"));
  EXPECT_FALSE(VerifyPassword(std::string(500, '$'), "anything at all"));
}

TEST(Password, GeneratedPasswordsAreLongUnambiguousAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    std::string password = GeneratePassword();
    EXPECT_EQ(password.size(), 20u);
    EXPECT_EQ(password.find_first_of("0O1lI"), std::string::npos);
    seen.insert(password);
  }
  EXPECT_EQ(seen.size(), 50u);
}

}  // namespace
}  // namespace hikeshi::server
