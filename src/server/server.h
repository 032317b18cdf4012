// The HTTP API server (Boost.Beast): JSON over HTTP/1.1 with keep-alive, routes in router.cc.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "core/error.h"
#include "core/report.h"
#include "core/time.h"
#include "intake/report_triage.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";      // host:port; port 0 picks a free one
  int threads = 0;                            // I/O threads; 0 = two per core, at least 4
  size_t max_body_bytes = 1 << 20;            // larger request bodies get 413
  size_t max_report_bytes = kMaxReportBytes;  // the limit for POST /api/v1/reports
  std::string web_root;                       // built web UI (web/dist); empty = none
  intake::TriagePolicy triage;                // for reports arriving through the API and the form
  CoordinationOptions coordination;           // correlation and notices (coordination.h)
  // Called once the socket is bound, with "host:port" actually bound (tests use port 0).
  std::function<void(const std::string& bound)> on_listening;
};

// Serves until SIGINT or SIGTERM, then drains and returns. Errors: bind failures (kUnavailable).
Status Serve(Store& store, const Clock& clock, const ServerOptions& options);

}  // namespace hikeshi::server
