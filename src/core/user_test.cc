#include "core/user.h"

#include <gtest/gtest.h>

namespace hikeshi {
namespace {

TEST(Role, PermissionMatrix) {
  EXPECT_TRUE(Allows(Role::kViewer, Permission::kReadIncidents));
  EXPECT_FALSE(Allows(Role::kViewer, Permission::kWriteIncidents));
  EXPECT_FALSE(Allows(Role::kViewer, Permission::kManageUsers));
  EXPECT_TRUE(Allows(Role::kResponder, Permission::kWriteIncidents));
  EXPECT_FALSE(Allows(Role::kResponder, Permission::kManageUsers));
  EXPECT_TRUE(Allows(Role::kAdmin, Permission::kWriteIncidents));
  EXPECT_TRUE(Allows(Role::kAdmin, Permission::kManageUsers));
}

TEST(Role, NamesRoundTrip) {
  for (Role role : {Role::kViewer, Role::kResponder, Role::kAdmin}) {
    EXPECT_EQ(ParseRole(ToString(role)), role);
  }
  EXPECT_FALSE(ParseRole("root"));
}

TEST(UserName, AcceptsSimpleNamesOnly) {
  EXPECT_TRUE(ValidateUserName("alice"));
  EXPECT_TRUE(ValidateUserName("t.yamada-2"));
  for (const char* bad : {"", "Alice", "-x", ".x", "a b", "a/b", "ユーザー"}) {
    EXPECT_FALSE(ValidateUserName(bad)) << bad;
  }
  EXPECT_FALSE(ValidateUserName(std::string(65, 'a')));
}

}  // namespace
}  // namespace hikeshi
