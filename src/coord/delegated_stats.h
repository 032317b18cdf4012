// A streaming reader of the RIRs' delegated-extended statistics files
// (delegated-ripencc-extended-latest, ...): "registry|cc|type|start|value|date|status[|id]" lines,
// where value is an address count for ipv4 (not necessarily a power of two) and a prefix length
// for ipv6. Only the country is known per range; records go in with SourceRank::kDelegated.
#pragma once

#include <cstdint>
#include <string_view>

#include "coord/import_problems.h"
#include "coord/line_splitter.h"
#include "coord/ownership_data.h"

namespace hikeshi::coord {

struct DelegatedCounts {
  uint64_t ipv4 = 0;
  uint64_t ipv6 = 0;
  uint64_t skipped = 0;  // asn lines, available/reserved ranges, header and summary lines
};

class DelegatedStatsReader {
 public:
  // Adds to `builder`, which must outlive the reader. Source name "delegated".
  explicit DelegatedStatsReader(OwnershipBuilder& builder, size_t max_line_bytes = 4096);

  void Feed(std::string_view bytes);
  void Finish();

  const DelegatedCounts& counts() const { return counts_; }
  ImportProblems& problems() { return problems_; }

 private:
  void OnLine(const Line& line);

  OwnershipBuilder& builder_;
  LineSplitter splitter_;
  DelegatedCounts counts_;
  ImportProblems problems_;
};

}  // namespace hikeshi::coord
