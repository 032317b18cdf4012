#include "server/router.h"

#include <gtest/gtest.h>

#include <set>

namespace hikeshi::server {
namespace {

Result<ApiResponse> Noop(HandlerContext&) { return ApiResponse{}; }

constexpr Route kTestRoutes[] = {
    {"GET", "/api/v1/things", Access::kPublic, Noop, ""},
    {"POST", "/api/v1/things", Access::kSignedIn, Noop, ""},
    {"GET", "/api/v1/things/{id}", Access::kReadIncidents, Noop, ""},
    {"PATCH", "/api/v1/things/{id}", Access::kWriteIncidents, Noop, ""},
    {"POST", "/api/v1/things/{id}/poke", Access::kWriteIncidents, Noop, ""},
};

TEST(Router, MatchesFixedPathsAndMethods) {
  Router router(kTestRoutes);
  RouteMatch get = router.Match("GET", "/api/v1/things");
  ASSERT_EQ(get.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(get.route, &kTestRoutes[0]);
  EXPECT_EQ(router.Match("POST", "/api/v1/things").route, &kTestRoutes[1]);
}

TEST(Router, ExtractsParameters) {
  Router router(kTestRoutes);
  RouteMatch match = router.Match("POST", "/api/v1/things/42/poke");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(match.route, &kTestRoutes[4]);
  EXPECT_EQ(match.parameters.Get("id"), "42");
  EXPECT_EQ(match.parameters.Get("other"), "");
}

TEST(Router, UnknownPathsAreNotFound) {
  Router router(kTestRoutes);
  for (std::string_view path :
       {"/api/v1/thing", "/api/v1/things/", "/api/v1/things/1/2", "/api/v1/things//poke", "/api/v1",
        "/", "", "/api/v1/things/1/poke/"}) {
    EXPECT_EQ(router.Match("GET", path).outcome, RouteMatch::Outcome::kNoSuchPath) << path;
  }
}

TEST(Router, WrongMethodListsTheAllowedOnes) {
  Router router(kTestRoutes);
  RouteMatch match = router.Match("DELETE", "/api/v1/things/9");
  EXPECT_EQ(match.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, PATCH");
  EXPECT_EQ(router.Match("get", "/api/v1/things").outcome,
            RouteMatch::Outcome::kMethodNotAllowed);  // methods are case-sensitive
}

TEST(ApiRoutes, EveryRouteIsUniqueVersionedAndHasAHandler) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const Route& route : ApiRoutes()) {
    EXPECT_TRUE(route.pattern.starts_with("/api/v1/")) << route.pattern;
    EXPECT_NE(route.handler, nullptr);
    EXPECT_FALSE(route.summary.empty());
    EXPECT_TRUE(seen.insert({route.method, route.pattern}).second) << route.pattern;
  }
  Router router(ApiRoutes());
  for (const Route& route : ApiRoutes()) {
    std::string path(route.pattern);
    if (auto brace = path.find("{id}"); brace != std::string::npos) path.replace(brace, 4, "1");
    EXPECT_EQ(router.Match(route.method, path).route, &route) << path;
  }
}

}  // namespace
}  // namespace hikeshi::server
