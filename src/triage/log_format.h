// The log formats the readers understand, their stable names and auto-detection.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hikeshi::triage {

enum class LogFormat {
  kSyslog3164,   // "Nov 22 10:15:01 host prog[pid]: msg" (BSD syslog, also without host/time)
  kSyslog5424,   // "<34>1 2026-11-22T10:15:01Z host app procid msgid [sd] msg"
  kSyslogIso,    // "2026-11-22T10:15:01.123456+09:00 host prog[pid]: msg" (rsyslog precise)
  kAccess,       // Apache/nginx common and combined access logs
  kApacheError,  // Apache httpd error log, 2.2 and 2.4 layouts
  kW3c,          // W3C extended log format (IIS), columns from "#Fields:"
  kJsonLines,    // one JSON object per line
};
inline constexpr int kLogFormatCount = 7;

// One row of the reader table (log_format.cc): the one place that lists what can be read.
struct LogFormatInfo {
  LogFormat format;
  std::string_view name;  // stable, used in Event::format, --log-format and doc/log_formats.md
  std::string_view description;
  bool splittable;  // true when a file may be cut at any line boundary and read in parallel
};
std::span<const LogFormatInfo> LogFormats();

std::string_view LogFormatName(LogFormat format);
std::optional<LogFormat> LogFormatFromName(std::string_view name);

// Guesses the format from the first lines of a file (up to 32 lines of `head`, which need not
// end on a line boundary). Each line votes for the format whose line shape it has; the format
// with most votes wins, ties going to the earlier entry of the table. nullopt when no line has
// a known shape.
std::optional<LogFormat> DetectLogFormat(std::string_view head);

// The format whose line shape `line` has, or nullopt (exposed for tests).
std::optional<LogFormat> ClassifyLine(std::string_view line);

}  // namespace hikeshi::triage
