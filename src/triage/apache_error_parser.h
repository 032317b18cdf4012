// Apache httpd error log, both layouts:
//   2.2: [Sun Dec 04 04:47:44 2005] [error] [client 1.2.3.4] File does not exist: /var/www/x
//   2.4: [Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416]
//        [client 72.15.99.187:44144] AH00128: File does not exist: /var/www/x
// The time has no zone: it is read in the configured local offset.
//
// Fields: level, module (2.4), pid, tid, c-ip and c-port (from [client …] or [remote …]),
// error_code (2.4 "AH00128"). program is "apache"; message is the text after the brackets.
#pragma once

#include <chrono>
#include <string_view>

#include "triage/anomaly.h"
#include "triage/event.h"

namespace hikeshi::triage {

bool ParseApacheError(std::string_view line, std::chrono::minutes utc_offset, Event& event,
                      AnomalyCounts& anomalies);

}  // namespace hikeshi::triage
