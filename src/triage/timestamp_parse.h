// Timestamp scanners for log lines: civil time to UTC, ISO 8601 / RFC 3339 prefixes and the
// numeric epoch forms found in JSON logs. No allocation, no locale, no time-zone database.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace hikeshi::triage {

// Broken-down civil time as read from a log line.
struct CivilTime {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;  // 0..60 (a leap second is folded into the next minute)
  int micros = 0;
};

// The instant of `civil` read in a zone `utc_offset` ahead of UTC; nullopt when a field is out
// of range (Feb 30, hour 24, …).
std::optional<Timestamp> CivilToTimestamp(const CivilTime& civil, std::chrono::minutes utc_offset);

// Reads "YYYY-MM-DD[T ]hh:mm:ss[.frac][Z|±hh:mm|±hhmm]" from the front of `text`. `consumed`
// receives the length read. Without a zone designator the time is read in `default_offset`.
std::optional<Timestamp> ScanIsoTimestamp(std::string_view text,
                                          std::chrono::minutes default_offset, size_t& consumed);

// Reads "±hhmm" or "±hh:mm" (all of `text`) as minutes ahead of UTC.
std::optional<std::chrono::minutes> ParseUtcOffset(std::string_view text);

// A JSON number of seconds (or milliseconds/microseconds/nanoseconds since the epoch, told
// apart by magnitude) as written by Zeek, Suricata, Go and Java loggers: "1700000000.123".
std::optional<Timestamp> ParseEpochNumber(std::string_view text);

}  // namespace hikeshi::triage
