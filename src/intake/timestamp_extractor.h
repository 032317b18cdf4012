// Timestamps in indicator text: RFC 5322, ISO 8601, syslog, Apache common log and Japanese dates.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace hikeshi::intake {

enum class TimestampFormat {
  kRfc5322,  // "Thu, 29 Apr 2009 00:00:00 -0000" (day name optional, zone names UT GMT EST… JST)
  kIso8601,  // "2026-11-22T10:15:01.5+09:00", "2026-11-22 10:15:01 UTC", "2026/11/22 10:15"
  kSyslog,   // "Nov 22 10:15:01" (RFC 3164: no year, no zone)
  kCtime,    // "Sun Dec 04 04:47:44 2005" (ctime/asctime, Apache error logs; no zone)
  kCommonLog,  // "22/Nov/2026:10:15:01 +0900" (Apache/nginx access logs)
  kJapanese,  // "2026年11月22日(日) 午後10時15分30秒", "2026年11月22日 10:15" (JST unless a zone
              // follows)
};

std::string_view ToString(TimestampFormat format);  // "rfc5322", "iso8601", "syslog", …

// What the text does not say and the caller knows.
struct TimestampContext {
  int syslog_year = 0;  // year for syslog stamps; 0 = unknown, syslog stamps are then skipped
  // Offset from UTC assumed for ISO 8601 / RFC 5322 / syslog stamps without a zone (default UTC).
  // Japanese dates without a zone are always taken as JST (+09:00).
  std::chrono::minutes assumed_utc_offset{0};
};

struct TimestampMatch {
  Timestamp time;    // UTC
  size_t begin = 0;  // [begin, end) in the scanned text
  size_t end = 0;
  TimestampFormat format = TimestampFormat::kIso8601;
  bool zone_assumed = false;  // the text gave no zone; an assumed offset was applied
};

// Reads a timestamp starting exactly at `at` in `text` (NFKC-normalised text: ASCII digits).
// Callers call it only at word starts that can begin one (a digit, a day or month name); it
// looks at no more than ~80 bytes. nullopt when no complete, valid timestamp starts there.
std::optional<TimestampMatch> MatchTimestampAt(std::string_view text, size_t at,
                                               const TimestampContext& context);

}  // namespace hikeshi::intake
