// ApiRequest and ApiResponse: HTTP as plain values, so the API is tested and fuzzed without
// sockets. server.cc converts Beast messages to and from these; nothing else sees Beast.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace hikeshi::server {

struct ApiRequest {
  std::string method;          // "GET", "POST", … as sent
  std::string target;          // path and query, e.g. "/api/v1/incidents?state=open"
  std::string cookie;          // the Cookie header, "" when absent
  std::string authorization;   // the Authorization header
  std::string csrf_token;      // the X-CSRF-Token header
  std::string content_type;    // the Content-Type header
  std::string body;            // already limited by the adapter
  std::string remote_address;  // the client's IP address (no port); keys the login rate limit
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";  // "" = no Content-Type (e.g. 204)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Set-Cookie, Location, Allow, …

  // The value of the first header named `name` (case-sensitive), "" when absent.
  std::string_view Header(std::string_view name) const;
};

// Sent with every response, API or not: no framing, no MIME sniffing, no referrer leaks, and a
// CSP that keeps the UI to its own origin. API responses add Cache-Control: no-store.
inline constexpr std::pair<std::string_view, std::string_view> kSecurityHeaders[] = {
    {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
};

// The HTTP status an error code maps to (kInvalid → 400 … kInternal, kCorrupt → 500).
int HttpStatus(ErrorCode code);

ApiResponse JsonResponse(int status, std::string body);
// {"error":{"code":…,"message":…}} with the mapped status. 500s and 503s carry a generic
// message; the detail goes to stderr, never to the client.
ApiResponse ErrorResponse(const Error& error);
inline ApiResponse ErrorResponse(ErrorCode code, std::string message) {
  return ErrorResponse(Error{code, std::move(message)});
}

}  // namespace hikeshi::server
