// Syslog readers: RFC 3164 (BSD), RFC 5424 (IETF, structured data) and the ISO-8601-prefixed
// form rsyslog writes with RSYSLOG_FileFormat. Pure functions of one line; after the header the
// message goes through the sshd/PAM and netfilter extractors (auth_fields.h, netfilter_fields.h).
//
// Fields: `pid`, `facility`, `severity` (names, from <PRI> when present), RFC 5424 `msgid` and
// structured data as `<sd-id>.<param>`; plus whatever the message extractors add.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "core/time.h"
#include "triage/anomaly.h"
#include "triage/event.h"

namespace hikeshi::triage {

// Gives an RFC 3164 timestamp (which has no year) its year, relative to a reference instant:
// the file's modification time (or "now" for a stream). A line gets the reference's year unless
// that puts it more than two days after the reference — a log cannot be written after its file
// was last modified — in which case it gets the year before (the way fail2ban and plaso reason).
// So a "Dec 31" line in a file modified on Jan 2 is from the previous December, and a file that
// runs Dec 30 … Jan 1 reads as consecutive days over the year boundary.
//
// The rule looks at one line at a time, so every chunk of a file split for parallel reading gets
// the same answer as a sequential read. It is exact for files that cover less than a year before
// their modification time; older lines of a longer file come out a year late (doc/log_formats.md).
class SyslogYear {
 public:
  // `utc_offset` is the zone the log's wall-clock times are in.
  SyslogYear(Timestamp reference, std::chrono::minutes utc_offset);

  // Not thread-safe (it caches the last day resolved): one SyslogYear per reader.
  std::optional<Timestamp> Resolve(int month, int day, int hour, int minute, int second,
                                   int micros);

 private:
  static constexpr std::chrono::hours kSlack{48};

  std::optional<Timestamp> ResolveUncached(int month, int day, int hour, int minute, int second,
                                           int micros) const;

  Timestamp reference_;
  std::chrono::minutes utc_offset_;
  int reference_year_;
  // Start of the last (month, day) seen, in the reference's year and the year before.
  int cached_month_ = 0;
  int cached_day_ = 0;
  std::optional<Timestamp> cached_this_year_;
  std::optional<Timestamp> cached_last_year_;
};

// Each returns false (and counts kMalformedLine) when the line lacks the format's header; the
// event then still carries the whole line as its message. `event` must be cleared by the caller;
// `line`, `format` and `source` are set by the caller too.
bool ParseSyslog3164(std::string_view line, SyslogYear& year, Event& event,
                     AnomalyCounts& anomalies);
bool ParseSyslogIso(std::string_view line, std::chrono::minutes utc_offset, Event& event,
                    AnomalyCounts& anomalies);
bool ParseSyslog5424(std::string_view line, Event& event, AnomalyCounts& anomalies);

// Runs the message extractors that apply to event.program / event.message: sshd and PAM
// (auth_fields.h) and netfilter (netfilter_fields.h, which also sets format "netfilter").
void ExtractMessageFields(Event& event);

}  // namespace hikeshi::triage
