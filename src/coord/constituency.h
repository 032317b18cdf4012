// The local constituency file: our own customers or member organisations, JSON
// (doc/ownership.md):
//   {"constituents": [{"name": "Example University", "netblocks": ["192.0.2.0/24",
//     "198.51.100.10 - 198.51.100.20", "2001:db8:100::/48"], "domains": ["example.net"],
//     "contacts": ["abuse@example.net"], "language": "ja", "country": "JP"}]}
// Its records outrank every public source (SourceRank::kConstituency).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "coord/import_problems.h"
#include "coord/ownership_data.h"
#include "core/error.h"

namespace hikeshi::coord {

struct ConstituencyLimits {
  size_t max_bytes = 64 << 20;
  size_t max_constituents = 1'000'000;
  size_t max_values = 100'000;  // netblocks, domains or contacts of one constituent
};

struct ConstituencyCounts {
  uint64_t constituents = 0;
  uint64_t netblocks = 0;
  uint64_t domains = 0;
  ImportProblems problems;  // "line" is the constituent's 1-based position in the array
};

// Adds every constituent to `builder` (source "constituency"). A bad value (unparseable netblock,
// invalid domain or mailbox, wrong type) is named and skipped; the rest of the constituent and
// of the file still count. kInvalid when the text is not JSON of the shape above; kTooLarge
// over the limits.
Result<ConstituencyCounts> ReadConstituency(std::string_view text, OwnershipBuilder& builder,
                                            const ConstituencyLimits& limits = {});

// A domain as the index stores it: lower case, no trailing dot, letters, digits, '-', '_' and
// dots, 253 bytes at most, at least two labels of 1-63 bytes. nullopt otherwise.
std::optional<std::string> NormaliseDomain(std::string_view text);

}  // namespace hikeshi::coord
