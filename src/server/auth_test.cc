#include "server/auth.h"

#include <gtest/gtest.h>

namespace hikeshi::server {
namespace {

TEST(FindCookie, FindsTheNamedCookieAmongOthers) {
  EXPECT_EQ(FindCookie("a=1; hikeshi_session=abc; b=2", "hikeshi_session"), "abc");
  EXPECT_EQ(FindCookie("hikeshi_session=\"q\"", "hikeshi_session"), "q");
  EXPECT_EQ(FindCookie("xhikeshi_session=abc", "hikeshi_session"), std::nullopt);
  EXPECT_EQ(FindCookie("", "hikeshi_session"), std::nullopt);
  EXPECT_EQ(FindCookie("hikeshi_session", "hikeshi_session"), std::nullopt);
}

TEST(SessionCookieHeader, HasTheHardenedAttributes) {
  EXPECT_EQ(SessionCookieHeader("v", kSessionLifetime),
            "hikeshi_session=v; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
}

TEST(CheckAccess, FollowsTheRolePermissions) {
  EXPECT_TRUE(CheckAccess(Access::kSignedIn, Role::kViewer));
  EXPECT_TRUE(CheckAccess(Access::kReadIncidents, Role::kViewer));
  EXPECT_FALSE(CheckAccess(Access::kWriteIncidents, Role::kViewer));
  EXPECT_TRUE(CheckAccess(Access::kWriteIncidents, Role::kResponder));
  EXPECT_FALSE(CheckAccess(Access::kManageUsers, Role::kResponder));
  EXPECT_TRUE(CheckAccess(Access::kManageUsers, Role::kAdmin));
  EXPECT_EQ(CheckAccess(Access::kManageUsers, Role::kViewer).error().code, ErrorCode::kForbidden);
}

TEST(CheckCsrf, OnlyCookieSessionsNeedTheToken) {
  Principal bearer{User{.name = "bot"}, std::nullopt};
  ApiRequest request;
  EXPECT_TRUE(CheckCsrf(bearer, request));
  Principal browser{User{.name = "alice"}, Session{.csrf_token = "secret-token"}};
  EXPECT_EQ(CheckCsrf(browser, request).error().code, ErrorCode::kForbidden);
  request.csrf_token = "secret-tokem";
  EXPECT_FALSE(CheckCsrf(browser, request));
  request.csrf_token = "secret-token";
  EXPECT_TRUE(CheckCsrf(browser, request));
}

TEST(IsWriteMethod, CoversTheStateChangingMethods) {
  for (std::string_view method : {"POST", "PUT", "PATCH", "DELETE"}) {
    EXPECT_TRUE(IsWriteMethod(method));
  }
  for (std::string_view method : {"GET", "HEAD", "OPTIONS"}) EXPECT_FALSE(IsWriteMethod(method));
}

}  // namespace
}  // namespace hikeshi::server
