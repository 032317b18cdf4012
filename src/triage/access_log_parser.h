// Apache/nginx access logs in the Common and Combined Log Formats:
//   host ident user [10/Oct/2000:13:55:36 -0700] "GET /a?b HTTP/1.1" 200 2326 "referer" "agent"
// Pure function of one line; values are views into the line (quoted values keep their
// backslash escapes as written, \" and \x22 alike — no decoding on the hot path).
//
// Fields (W3C/Sigma names; a "-" value means absent and gives no field):
//   c-ip, cs-username, cs-method, cs-uri (path and query as sent), cs-uri-stem, cs-uri-query
//   (without "?"), cs-version, sc-status, sc-bytes, cs-referer, cs-user-agent.
// The time keeps its own offset. A request that is not "METHOD URI[ VERSION]" (a TLS hello sent
// to port 80, "-") gives no cs-* request fields; the line still becomes an event.
#pragma once

#include <string_view>

#include "triage/anomaly.h"
#include "triage/event.h"

namespace hikeshi::triage {

// False (and kMalformedLine) when the line lacks "host ident user [time] "request" status".
bool ParseAccessLog(std::string_view line, Event& event, AnomalyCounts& anomalies);

}  // namespace hikeshi::triage
