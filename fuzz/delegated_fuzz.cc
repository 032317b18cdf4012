// libFuzzer target: arbitrary bytes as a delegated-extended statistics file
// (coord::DelegatedStatsReader, fed in pieces whose size byte 0 picks), then an index over what
// it read, queried. Invariant: every prefix read is a valid CIDR of its family.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coord/delegated_stats.h"
#include "coord/ownership_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi::coord;
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 64;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  OwnershipBuilder builder;
  DelegatedStatsReader reader(builder, 512);
  for (size_t at = 0; at < text.size(); at += piece) reader.Feed(text.substr(at, piece));
  reader.Finish();
  OwnershipData read = builder.Finish();
  for (const PrefixEntry& entry : read.prefixes) {
    int bits = entry.is_v6 ? 128 : 32;
    if (entry.length > bits) __builtin_trap();
    if (entry.length < bits && (entry.address & ((Address128{1} << (bits - entry.length)) - 1))) {
      __builtin_trap();
    }
  }
  OwnershipIndex index(std::move(read));
  (void)index.Lookup("192.0.2.1");
  (void)index.Lookup("2001:db8::1");
  return 0;
}
