// LineParser: one record (line) of a known format into an Event. The single dispatch point over
// the readers of log_format.h; it owns the per-format state (RFC 3164 year reference, W3C
// columns, simdjson buffers) and counts anomalies. No I/O: the driver (log_reader.h) feeds it.
//
// One LineParser per thread/chunk; not thread-safe.
#pragma once

#include <chrono>
#include <string_view>

#include "core/time.h"
#include "triage/anomaly.h"
#include "triage/event.h"
#include "triage/json_lines_parser.h"
#include "triage/log_format.h"
#include "triage/sshd_session.h"
#include "triage/syslog_parser.h"
#include "triage/w3c_parser.h"

namespace hikeshi::triage {

struct ParseOptions {
  // Zone of wall-clock times that carry none (RFC 3164, ISO without offset, Apache error log),
  // as an offset ahead of UTC. Default UTC. A fixed offset, not a zone name: libstdc++ 12 has no
  // time-zone database, and a log that spans a DST change has ambiguous local times anyway.
  std::chrono::minutes utc_offset{0};
  // Reference instant for the RFC 3164 year (SyslogYear): the file's modification time, or
  // "now" for a stream. Default: the Unix epoch, which gives 1970 (set it!).
  Timestamp year_reference{};
};

class LineParser {
 public:
  LineParser(LogFormat format, const ParseOptions& options);

  // Clears `event` and parses `line` (no terminator) into it; sets event.line, event.format
  // (the reader's name) and event.message at least. Returns false when the line yields no event
  // (blank line, W3C directive); a malformed line still yields an event (with an anomaly).
  bool Parse(std::string_view line, Event& event);

  LogFormat format() const { return format_; }
  const AnomalyCounts& anomalies() const { return anomalies_; }
  AnomalyCounts& anomalies() { return anomalies_; }
  // The W3C column state, for a chunk that starts after the "#Fields:" line.
  W3cParser& w3c() { return w3c_; }

 private:
  LogFormat format_;
  ParseOptions options_;
  SyslogYear year_;
  W3cParser w3c_;
  JsonLinesParser json_;
  AnomalyCounts anomalies_;
  SshdSessionContext sshd_;
  void ObserveSshd(Event& event);
};

}  // namespace hikeshi::triage
