// POST /auth/login, POST /auth/logout, GET /auth/me: browser sessions.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/sha256.h"
#include "server/auth.h"
#include "server/handlers.h"
#include "server/json_body.h"
#include "server/login_limiter.h"
#include "server/password.h"
#include "server/random_token.h"
#include "server/user_json.h"

namespace hikeshi::server {
namespace {

using json = ResponseJson;

constexpr std::string_view kBadCredentials = "wrong user name or password";

// Checked when the account does not exist, so unknown names cost the same argon2id time as
// wrong passwords and response timing does not reveal which names exist.
const std::string& DummyPasswordHash() {
  static const std::string hash = [] {
    auto hashed = HashPassword(RandomToken(32));
    return hashed ? *hashed : std::string();
  }();
  return hash;
}

ApiResponse SessionResponse(const User& user, std::string_view csrf_token) {
  return JsonResponse(
      200, DumpJson({{"user", UserToJson(user)},
                     {"csrf_token", csrf_token.empty() ? json(nullptr) : json(csrf_token)}}));
}

}  // namespace

Result<ApiResponse> Login(HandlerContext& context) {
  auto object = ParseJsonObject(context.request.body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object, {"username", "password"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  auto username = reader.RequiredString("username");
  if (!username) return std::unexpected(username.error());
  auto password = reader.RequiredString("password");
  if (!password) return std::unexpected(password.error());

  const std::string& address = context.request.remote_address;
  if (auto wait = context.login_limiter.RetryAfter(*username, address, context.now)) {
    ApiResponse response = ErrorResponse(
        ErrorCode::kRateLimited,
        fmt::format("too many failed sign-ins; try again in {} seconds", wait->count()));
    response.headers.emplace_back("Retry-After", std::to_string(wait->count()));
    return response;
  }

  auto user = context.store.GetUserByName(*username);
  if (!user && user.error().code != ErrorCode::kNotFound) return std::unexpected(user.error());
  bool known = user.has_value() && !user->password_hash.empty();
  bool verified = VerifyPassword(known ? user->password_hash : DummyPasswordHash(), *password);
  if (!known || !verified || user->disabled) {
    context.login_limiter.RecordFailure(*username, address, context.now);
    return Fail(ErrorCode::kUnauthorized, std::string(kBadCredentials));
  }
  context.login_limiter.RecordSuccess(*username);

  std::string cookie = RandomToken(32);
  Session session;
  session.id_hash = Sha256Hex(cookie);
  session.user_id = user->id;
  session.csrf_token = RandomToken(32);
  session.created_at = context.now;
  session.expires_at = context.now + kSessionLifetime;
  if (auto created = context.store.CreateSession(session); !created) {
    return std::unexpected(created.error());
  }
  ApiResponse response = SessionResponse(*user, session.csrf_token);
  response.headers.emplace_back("Set-Cookie", SessionCookieHeader(cookie, kSessionLifetime));
  return response;
}

Result<ApiResponse> Logout(HandlerContext& context) {
  if (context.principal->session) {
    if (auto deleted = context.store.DeleteSession(context.principal->session->id_hash);
        !deleted && deleted.error().code != ErrorCode::kNotFound) {
      return std::unexpected(deleted.error());
    }
  }
  ApiResponse response;
  response.status = 204;
  response.content_type.clear();
  response.headers.emplace_back("Set-Cookie", SessionCookieHeader("", std::chrono::seconds{0}));
  return response;
}

Result<ApiResponse> GetMe(HandlerContext& context) {
  const Principal& principal = *context.principal;
  return SessionResponse(principal.user,
                         principal.session ? principal.session->csrf_token : std::string_view{});
}

}  // namespace hikeshi::server
