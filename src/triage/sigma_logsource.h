// Where Sigma rules meet Hikeshi's readers: which events a rule's `logsource` selects, and
// how the field names rules use map onto the Event field names (event.h). Both are single
// tables in sigma_logsource.cc, documented in doc/sigma.md.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "triage/sigma_rule.h"

namespace hikeshi::triage {

// Selects events by reader name (Event::format) and, optionally, program (Event::program).
// A trailing '*' makes either a prefix; an empty program selects any.
struct SigmaReaderSelector {
  std::string_view format;
  std::string_view program;
};

// The selectors for `logsource`, or nullopt when no Hikeshi reader yields such events
// (e.g. product windows): the loader then reports the rule as unsupported.
std::optional<std::vector<SigmaReaderSelector>> SigmaReadersFor(const SigmaLogsource& logsource);

bool SigmaSelectorMatches(const SigmaReaderSelector& selector, std::string_view format,
                          std::string_view program);

// The Event field name for a field as written in a rule (itself when unmapped).
std::string_view MapSigmaField(std::string_view rule_field);

// Fields the engine derives when a reader did not set them: "cs-uri" (cs-uri-stem, '?',
// cs-uri-query) and "cs-uri-extension" (after the last '.' of the stem's last segment).
inline constexpr std::string_view kSigmaVirtualUri = "cs-uri";
inline constexpr std::string_view kSigmaVirtualExtension = "cs-uri-extension";

}  // namespace hikeshi::triage
