// What an endpoint handler gets: the request, the services it may use, who is calling.
#pragma once

#include <optional>
#include <string_view>

#include "core/time.h"
#include "core/user.h"
#include "server/api_message.h"
#include "server/router.h"
#include "store/store.h"

namespace hikeshi::server {

struct ApiOptions;
class LoginLimiter;

// The authenticated caller: a user, and the session when the credential was a session cookie
// (absent for bearer tokens).
struct Principal {
  User user;
  std::optional<Session> session;
};

struct HandlerContext {
  const ApiRequest& request;
  std::string_view query;  // the target's query string, undecoded
  PathParameters parameters;
  Store& store;
  Timestamp now;  // one reading of the clock per request
  const ApiOptions& options;
  LoginLimiter& login_limiter;
  LoginLimiter& public_report_limiter;   // one "failure" per public form submission
  const Principal* principal = nullptr;  // set on every route but Access::kPublic
};

}  // namespace hikeshi::server
