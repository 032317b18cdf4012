#include "server/api.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "server/auth.h"
#include "server/handler_context.h"
#include "server/query_string.h"
#include "server/static_files.h"

namespace hikeshi::server {
namespace {

bool IsApiPath(std::string_view path) { return path == "/api" || path.starts_with("/api/"); }

// application/json, with or without parameters such as "; charset=utf-8".
bool IsJsonContentType(std::string_view content_type) {
  std::string_view media_type = content_type.substr(0, content_type.find(';'));
  while (!media_type.empty() && media_type.back() == ' ') media_type.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  if (media_type.size() != kJson.size()) return false;
  for (size_t i = 0; i < kJson.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(media_type[i])) != kJson[i]) return false;
  }
  return true;
}

void AddStandardHeaders(ApiResponse& response, bool api) {
  for (const auto& [name, value] : kSecurityHeaders) response.headers.emplace_back(name, value);
  if (api) response.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

Api::Api(Store& store, const Clock& clock, ApiOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      login_limiter_(options_.login_limits),
      public_report_limiter_(LoginLimits{.failures_per_account = INT32_MAX,
                                         .failures_per_address = options_.public_reports_per_hour,
                                         .window = std::chrono::hours(1)}),
      router_(ApiRoutes()) {}

ApiResponse Api::Handle(const ApiRequest& request) {
  Target target = SplitTarget(request.target);
  bool api = IsApiPath(target.path);
  ApiResponse response;
  try {
    response = api ? HandleApi(request, target.path, target.query)
                   : ServeStaticFile(options_.web_root, request.method, target.path);
  } catch (const std::exception& exception) {
    response = ErrorResponse(ErrorCode::kInternal,
                             fmt::format("uncaught exception: {}", exception.what()));
  } catch (...) {
    response = ErrorResponse(ErrorCode::kInternal, "uncaught non-standard exception");
  }
  AddStandardHeaders(response, api);
  return response;
}

ApiResponse Api::HandleApi(const ApiRequest& request, std::string_view path,
                           std::string_view query) {
  RouteMatch match = router_.Match(request.method, path);
  bool report_body = match.route != nullptr && match.route->body == BodyKind::kReport;
  size_t body_limit = report_body ? options_.max_report_bytes : options_.max_body_bytes;
  if (request.body.size() > body_limit) {
    return ErrorResponse(ErrorCode::kTooLarge,
                         fmt::format("request bodies are limited to {} bytes", body_limit));
  }
  if (match.outcome == RouteMatch::Outcome::kNoSuchPath) {
    return ErrorResponse(ErrorCode::kNotFound, "no such endpoint; see doc/api.md");
  }
  if (match.outcome == RouteMatch::Outcome::kMethodNotAllowed) {
    ApiResponse response;
    nlohmann::json body = {{"error",
                            {{"code", "method_not_allowed"},
                             {"message", fmt::format("this endpoint allows {}", match.allow)}}}};
    response.status = 405;
    response.body = body.dump();
    response.headers.emplace_back("Allow", std::move(match.allow));
    return response;
  }
  const Route& route = *match.route;
  HandlerContext context{request,  query,          match.parameters,       store_, clock_.Now(),
                         options_, login_limiter_, public_report_limiter_, nullptr};
  std::optional<Principal> principal;
  if (route.access != Access::kPublic) {
    auto authenticated = Authenticate(store_, request, context.now);
    if (!authenticated) return ErrorResponse(authenticated.error());
    principal = std::move(*authenticated);
    if (IsWriteMethod(request.method)) {
      if (auto ok = CheckCsrf(*principal, request); !ok) return ErrorResponse(ok.error());
    }
    if (auto ok = CheckAccess(route.access, principal->user.role); !ok) {
      return ErrorResponse(ok.error());
    }
    context.principal = &*principal;
  }
  // Also a CSRF defence for the public login: HTML forms cannot send application/json.
  if (!report_body && !request.body.empty() && !IsJsonContentType(request.content_type)) {
    return ErrorResponse(ErrorCode::kInvalid,
                         "request bodies must be sent as Content-Type: application/json");
  }
  auto response = route.handler(context);
  if (!response) return ErrorResponse(response.error());
  return std::move(*response);
}

}  // namespace hikeshi::server
