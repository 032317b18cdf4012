// The HTTP API as a function from ApiRequest to ApiResponse: routing, authentication, CSRF,
// permission checks, the handlers, the web UI's static files and the headers every response
// carries. No sockets here (server.cc adapts Beast), so tests and fuzzers call Handle directly.
#pragma once

#include <cstddef>
#include <string>

#include "core/report.h"
#include "core/time.h"
#include "intake/report_triage.h"
#include "server/api_message.h"
#include "server/coordination.h"
#include "server/login_limiter.h"
#include "server/router.h"
#include "store/store.h"

namespace hikeshi::server {

struct ApiOptions {
  size_t max_body_bytes = 1 << 20;  // larger request bodies get 413
  // Larger reports (POST /reports) get 413. The public form is JSON: max_body_bytes.
  size_t max_report_bytes = kMaxReportBytes;
  std::string web_root;      // the built web UI (web/dist); empty = none, 503 page
  LoginLimits login_limits;  // defaults: 5 failures/account, 20/address per 15 minutes
  // Public report form submissions per client address and hour.
  int public_reports_per_hour = 10;
  intake::TriagePolicy triage;       // how reports are triaged on arrival (doc/report_triage.md)
  CoordinationOptions coordination;  // correlation and notices after ingest (coordination.h)
};

class Api {
 public:
  // `store` and `clock` must outlive the Api.
  Api(Store& store, const Clock& clock, ApiOptions options);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Thread-safe: the server calls it from every I/O thread. Never throws; failures become JSON
  // errors, and a rejected request has stored nothing.
  ApiResponse Handle(const ApiRequest& request);

 private:
  ApiResponse HandleApi(const ApiRequest& request, std::string_view path, std::string_view query);

  Store& store_;
  const Clock& clock_;
  const ApiOptions options_;
  LoginLimiter login_limiter_;
  LoginLimiter public_report_limiter_;  // counts submissions, not failures
  const Router router_;
};

}  // namespace hikeshi::server
