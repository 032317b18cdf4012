#include "server/api_message.h"

#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace hikeshi::server {

std::string_view ApiResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

ApiResponse JsonResponse(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

ApiResponse ErrorResponse(const Error& error) {
  ErrorCode code = error.code;
  std::string_view message = error.message;
  switch (code) {
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal:
      fmt::print(stderr, "hikeshi: internal error ({}): {}\n", ErrorCodeName(code), error.message);
      code = ErrorCode::kInternal;
      message = "internal error; the server log has the details";
      break;
    case ErrorCode::kUnavailable:
      fmt::print(stderr, "hikeshi: unavailable: {}\n", error.message);
      message = "the service is temporarily unavailable; try again";
      break;
    default:
      break;
  }
  nlohmann::ordered_json body = {{"error", {{"code", ErrorCodeName(code)}, {"message", message}}}};
  return JsonResponse(HttpStatus(code),
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace hikeshi::server
