// Loading Sigma rules from YAML text (yaml-cpp, wrapped here: no exception leaves this file).
//
// One file may hold several YAML documents ("---"); each document is one detection rule or
// one correlation rule (correlations name other rules by `id` or `name`; the engine resolves
// them). Every document either becomes a SigmaRule or a SigmaUnsupported entry with the
// reason, so nothing is skipped silently. Hostile YAML is bounded by SigmaLoadLimits.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "triage/sigma_rule.h"

namespace hikeshi::triage {

struct SigmaLoadLimits {
  size_t max_file_bytes = 1 << 20;  // a larger file is refused whole
  size_t max_documents = 256;       // documents per file
  size_t max_nodes = 200'000;       // YAML nodes visited per document (alias bombs)
  int max_flow_depth = 64;          // nesting of [ ] and { } in the text
  size_t max_identifiers = 256;     // search identifiers per rule
  size_t max_values_per_item = 10'000;
  int64_t max_timespan_us = 31LL * 24 * 3600 * 1'000'000;  // correlation timespan: 31 days
};

// Parses every document of one rule file's text. Pure (no I/O); never throws.
void ParseSigmaRules(std::string_view text, std::string_view file, SigmaRuleSet& out,
                     const SigmaLoadLimits& limits = {});

// Reads `path` (a .yml/.yaml file, or a directory searched recursively in sorted order) and
// parses each file. Only I/O failures on `path` itself are errors; bad files become
// unsupported entries.
Status LoadSigmaRuleFiles(const std::filesystem::path& path, SigmaRuleSet& out,
                          const SigmaLoadLimits& limits = {});

// "30s", "5m", "1h", "2d" to microseconds.
std::optional<int64_t> ParseSigmaTimespan(std::string_view text);

}  // namespace hikeshi::triage
