// Event: one log record as a reader produces it and the rule engine sees it.
//
// Lifetime: every string_view points into the reader's current buffer or into `owned` and is
// valid only until the reader produces its next event. Whoever keeps an event beyond that
// (timeline, findings) copies what it needs.
//
// Field names follow the Sigma taxonomy where it has one, so most rules need no mapping:
// web servers use `c-ip`, `cs-method`, `cs-uri-stem`, `cs-uri-query`, `sc-status`,
// `cs-user-agent`, `cs-referer`, `sc-bytes`; network lines use `src_ip`, `dst_ip`, `src_port`,
// `dst_port`, `protocol`; authentication lines use `user`, `src_ip`, `src_port`, `auth_method`.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace hikeshi::triage {

struct EventField {
  std::string_view name;
  std::string_view value;
};

struct Event {
  std::optional<Timestamp> time;  // UTC; empty when the record carries none
  std::string_view host;
  std::string_view program;  // "sshd", "kernel", "apache", … (empty when unknown)
  std::string_view message;  // the free-text part: syslog MSG, or the whole line
  std::string_view line;     // the record exactly as read (one line, no terminator)
  std::string_view format;   // the reader's name: "syslog3164", "access", "netfilter", …
  std::string_view source;   // the file it came from ("-" for standard input)
  uint64_t offset = 0;       // byte offset of the record in the (decompressed) source
  std::vector<EventField> fields;
  // Values a reader had to build (unescaped, decoded); a deque so views into it stay valid
  // while more are added.
  std::deque<std::string> owned;

  // The value of the first field called `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const {
    for (const EventField& field : fields) {
      if (field.name == name) return field.value;
    }
    return std::nullopt;
  }
  // Keeps `value` alive for the event's lifetime and returns a view of it.
  std::string_view Own(std::string value) { return owned.emplace_back(std::move(value)); }
  // Clears for reuse without giving back the vectors' capacity.
  void Clear() {
    time.reset();
    host = program = message = line = format = source = {};
    offset = 0;
    fields.clear();
    owned.clear();
  }
};

}  // namespace hikeshi::triage
