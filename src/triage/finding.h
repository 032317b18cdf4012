// Finding: one rule hit, as the Sigma engine reports it and the CLI renders it.
//
// A finding owns all its strings (it outlives the event that caused it). For a correlation
// rule, `group_key` and `count` say which group crossed the threshold and with how many events
// (event_count), distinct values (value_count) or distinct rules (temporal*); the event fields
// are those of the event that completed the correlation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"

namespace hikeshi::triage {

struct Finding {
  std::string rule_id;
  std::string rule_title;
  std::string level;  // "informational", "low", "medium", "high", "critical" (or empty)
  std::vector<std::string> tags;
  std::optional<Timestamp> time;  // the event's time
  std::string source;             // file the event came from
  uint64_t offset = 0;            // byte offset of the event in `source`
  // The fields the rule looked at, with the event's values (keyword hits show as "keywords").
  std::vector<std::pair<std::string, std::string>> matched_fields;
  bool correlation = false;
  std::string group_key;  // "src_ip=203.0.113.9" style, fields joined by ','; correlations only
  uint64_t count = 0;     // correlations only
};

}  // namespace hikeshi::triage
