// The operator's national-CSIRT table: which point of contact to tell about an address in a
// given country. Text, one entry a line: "<ISO 3166-1 alpha-2> <contact>", '#' starts a comment,
// blank lines ignored (doc/ownership.md). The contact is a mail address.
#pragma once

#include <cstdint>
#include <string_view>

#include "coord/import_problems.h"
#include "coord/ownership_data.h"
#include "core/error.h"

namespace hikeshi::coord {

struct CsirtTableCounts {
  uint64_t entries = 0;
  ImportProblems problems;
};

// Adds each valid line to `builder`; a bad line is named and skipped. kTooLarge over 1 MiB.
Result<CsirtTableCounts> ReadCsirtTable(std::string_view text, OwnershipBuilder& builder);

}  // namespace hikeshi::coord
