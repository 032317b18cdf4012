#include "server/auth.h"

#include <fmt/format.h>

#include <cctype>

#include "core/sha256.h"
#include "server/random_token.h"

namespace hikeshi::server {
namespace {

// No legitimate credential is this long; refusing early avoids hashing attacker-sized input.
constexpr size_t kMaxCredentialBytes = 512;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

Result<User> EnabledUser(Result<User> user, std::string_view not_found_message) {
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) {
      return Fail(ErrorCode::kUnauthorized, std::string(not_found_message));
    }
    return std::unexpected(user.error());
  }
  if (user->disabled) return Fail(ErrorCode::kUnauthorized, "this account is disabled");
  return user;
}

}  // namespace

Result<Principal> Authenticate(Store& store, const ApiRequest& request, Timestamp now) {
  if (!request.authorization.empty()) {
    std::string_view header = Trim(request.authorization);
    constexpr std::string_view kScheme = "Bearer ";
    if (header.size() <= kScheme.size() ||
        !EqualsIgnoringCase(header.substr(0, kScheme.size()), kScheme)) {
      return Fail(ErrorCode::kUnauthorized, "the Authorization header must be \"Bearer <token>\"");
    }
    std::string_view token = Trim(header.substr(kScheme.size()));
    if (token.empty() || token.size() > kMaxCredentialBytes) {
      return Fail(ErrorCode::kUnauthorized, "invalid API token");
    }
    auto user = EnabledUser(store.GetUserByTokenHash(Sha256Hex(token)), "invalid API token");
    if (!user) return std::unexpected(user.error());
    return Principal{std::move(*user), std::nullopt};
  }
  std::optional<std::string_view> cookie = FindCookie(request.cookie, kSessionCookieName);
  if (!cookie || cookie->empty()) {
    return Fail(ErrorCode::kUnauthorized,
                "sign in first (POST /api/v1/auth/login) or send an API token");
  }
  if (cookie->size() > kMaxCredentialBytes) {
    return Fail(ErrorCode::kUnauthorized, "the session has expired; sign in again");
  }
  auto session = store.GetSession(Sha256Hex(*cookie), now);
  if (!session) {
    if (session.error().code == ErrorCode::kNotFound) {
      return Fail(ErrorCode::kUnauthorized, "the session has expired; sign in again");
    }
    return std::unexpected(session.error());
  }
  auto user =
      EnabledUser(store.GetUserById(session->user_id), "the session has expired; sign in again");
  if (!user) return std::unexpected(user.error());
  return Principal{std::move(*user), std::move(*session)};
}

Status CheckCsrf(const Principal& principal, const ApiRequest& request) {
  if (!principal.session) return {};
  if (request.csrf_token.empty() ||
      !SecretsEqual(request.csrf_token, principal.session->csrf_token)) {
    return Fail(ErrorCode::kForbidden,
                "missing or wrong X-CSRF-Token header (the csrf_token from login or "
                "GET /api/v1/auth/me)");
  }
  return {};
}

bool IsWriteMethod(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

Status CheckAccess(Access access, Role role) {
  std::optional<Permission> needed;
  switch (access) {
    case Access::kPublic:
    case Access::kSignedIn:
      return {};
    case Access::kReadIncidents:
      needed = Permission::kReadIncidents;
      break;
    case Access::kWriteIncidents:
      needed = Permission::kWriteIncidents;
      break;
    case Access::kManageUsers:
      needed = Permission::kManageUsers;
      break;
  }
  if (needed && Allows(role, *needed)) return {};
  return Fail(ErrorCode::kForbidden, fmt::format("the {} role may not do this", ToString(role)));
}

std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    size_t semicolon = header.find(';');
    std::string_view pair = Trim(header.substr(0, semicolon));
    header =
        semicolon == std::string_view::npos ? std::string_view{} : header.substr(semicolon + 1);
    size_t equals = pair.find('=');
    if (equals == std::string_view::npos || Trim(pair.substr(0, equals)) != name) continue;
    std::string_view value = Trim(pair.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  }
  return std::nullopt;
}

std::string SessionCookieHeader(std::string_view value, std::chrono::seconds max_age) {
  return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}", kSessionCookieName,
                     value, max_age.count());
}

}  // namespace hikeshi::server
