// Routing: the one table of API endpoints (router.cc) and matching a method and path against it.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "server/api_message.h"

namespace hikeshi::server {

struct HandlerContext;
using Handler = Result<ApiResponse> (*)(HandlerContext& context);

// Who may call a route. Everything but kPublic needs a valid session cookie or bearer token of an
// enabled user; the last three also need the role to allow the matching core Permission.
enum class Access {
  kPublic,          // anyone, no credentials (health, login)
  kSignedIn,        // any authenticated user
  kReadIncidents,   // Permission::kReadIncidents: viewer and up
  kWriteIncidents,  // Permission::kWriteIncidents: responder and up
  kManageUsers,     // Permission::kManageUsers: admin
};

// What a route accepts as its request body.
enum class BodyKind {
  kJson,    // Content-Type application/json, at most ApiOptions::max_body_bytes
  kReport,  // any Content-Type (raw mail, X-ARF, JSON), at most ApiOptions::max_report_bytes
};

struct Route {
  std::string_view method;   // "GET", "POST", "PATCH", …
  std::string_view pattern;  // "/api/v1/incidents/{id}"; a {name} segment matches any segment
  Access access;
  Handler handler;
  std::string_view summary;  // one line for doc/api.md and the route listing
  BodyKind body = BodyKind::kJson;
};

// The API's routes, in the order doc/api.md lists them.
std::span<const Route> ApiRoutes();

// Values of a matched pattern's {name} segments, as views into the request path.
class PathParameters {
 public:
  void Add(std::string_view name, std::string_view value);
  std::string_view Get(std::string_view name) const;  // "" when the pattern has no such name

 private:
  std::array<std::pair<std::string_view, std::string_view>, 4> items_{};
  size_t count_ = 0;
};

struct RouteMatch {
  enum class Outcome { kFound, kNoSuchPath, kMethodNotAllowed };
  Outcome outcome = Outcome::kNoSuchPath;
  const Route* route = nullptr;  // set when kFound
  PathParameters parameters;
  std::string allow;  // for kMethodNotAllowed: "GET, POST"
};

// Matches requests against a fixed table. Immutable after construction, so thread-safe.
class Router {
 public:
  explicit Router(std::span<const Route> routes);
  // `path` is the decoded-free path component (no query); the match holds views into it.
  RouteMatch Match(std::string_view method, std::string_view path) const;

 private:
  struct CompiledRoute {
    const Route* route;
    std::vector<std::string_view> segments;  // "{id}" kept as is
  };
  std::vector<CompiledRoute> routes_;
};

}  // namespace hikeshi::server
