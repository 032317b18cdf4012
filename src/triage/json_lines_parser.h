// JSON lines: one object per line, parsed with simdjson On-Demand.
//
// Every member becomes a field; nested objects are flattened to dotted names
// ({"a":{"b":1}} gives "a.b"), arrays are kept as their raw JSON text, strings are unescaped,
// numbers and booleans keep their JSON spelling, null gives no field, a top-level "" key is
// named "_" (every field has a name). Nesting deeper than
// kMaxDepth is kept as raw JSON under the last name reached.
//
// The event time comes from the first of `@timestamp`, `timestamp`, `time`, `ts`, `datetime`,
// `date`, `eventTime`, `__REALTIME_TIMESTAMP` (journald, microseconds) that parses: RFC 3339 /
// ISO 8601 strings (no zone means UTC) or epoch numbers (s, ms, µs, ns told apart by size).
// `message`/`msg`/`MESSAGE` give Event::message (else the whole line), `host`/`hostname`/
// `_HOSTNAME` the host and `program`/`app`/`SYSLOG_IDENTIFIER` the program; when the program is
// sshd or kernel the syslog message extractors run on the message too (journald exports).
//
// Stateful only for buffer reuse: one parser per thread. Field values point into the parser's
// buffers and stay valid until the next Parse.
#pragma once

#include <memory>
#include <string_view>

#include "triage/anomaly.h"
#include "triage/event.h"

namespace hikeshi::triage {

class JsonLinesParser {
 public:
  static constexpr int kMaxDepth = 16;
  static constexpr size_t kMaxFields = 512;

  JsonLinesParser();
  ~JsonLinesParser();
  JsonLinesParser(const JsonLinesParser&) = delete;
  JsonLinesParser& operator=(const JsonLinesParser&) = delete;

  // False (and kMalformedLine) when the line is not a JSON object; the event keeps the line as
  // its message. Blank lines are the caller's business (the driver skips them).
  bool Parse(std::string_view line, Event& event, AnomalyCounts& anomalies);

 private:
  struct State;  // simdjson types stay out of this header
  std::unique_ptr<State> state_;
};

}  // namespace hikeshi::triage
