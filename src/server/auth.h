// Who is calling: bearer API tokens and session cookies, the CSRF rule for cookie sessions, and
// the route access check. Only hashes of the secrets are ever looked up or stored.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time.h"
#include "server/api_message.h"
#include "server/handler_context.h"
#include "server/router.h"
#include "store/store.h"

namespace hikeshi::server {

inline constexpr std::string_view kSessionCookieName = "hikeshi_session";
inline constexpr std::chrono::seconds kSessionLifetime{12 * 60 * 60};

// `Authorization: Bearer <token>` wins over a cookie when both are sent. kUnauthorized for
// missing, unknown, expired or malformed credentials and for disabled users; other store errors
// pass through (a down database is 503, not 401).
Result<Principal> Authenticate(Store& store, const ApiRequest& request, Timestamp now);

// Cookie sessions must echo their CSRF token in X-CSRF-Token on writes (kForbidden otherwise).
// Bearer tokens are not sent automatically by browsers, so they need none.
Status CheckCsrf(const Principal& principal, const ApiRequest& request);

// POST, PUT, PATCH, DELETE: the methods that change state.
bool IsWriteMethod(std::string_view method);

// kForbidden unless `role` may call a route with `access` (Access::kPublic, kSignedIn: anyone).
Status CheckAccess(Access access, Role role);

// The value of cookie `name` in a Cookie header, nullopt when absent.
std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name);

// Set-Cookie for the session cookie; an empty value with max_age 0 deletes it.
std::string SessionCookieHeader(std::string_view value, std::chrono::seconds max_age);

}  // namespace hikeshi::server
