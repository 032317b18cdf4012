// libFuzzer target: arbitrary bytes as an RPSL bulk dump (coord::RpslReader with small limits,
// fed in pieces whose size byte 0 picks), resolved by coord::RpslOwnership into an index that is
// then queried. Invariants: every object handed over is non-empty and within the limits; every
// answer's netblock contains the address asked about; an AS number's answer names that AS.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coord/as_number.h"
#include "coord/ownership_index.h"
#include "coord/rpsl_ownership.h"
#include "coord/rpsl_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi::coord;
  if (size == 0) return 0;
  size_t piece = 1 + data[0] % 64;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  RpslLimits limits{.max_line_bytes = 256, .max_object_bytes = 2048, .max_attributes = 32};
  RpslOwnership ownership;
  RpslReader reader(limits, [&](const RpslObject& object) {
    if (object.attributes.empty() || object.attributes.size() > limits.max_attributes) {
      __builtin_trap();
    }
    ownership.Add(object);
  });
  for (size_t at = 0; at < text.size(); at += piece) reader.Feed(text.substr(at, piece));
  reader.Finish();
  OwnershipBuilder builder;
  ownership.Finish(builder);
  OwnershipIndex index(builder.Finish());
  for (std::string_view query : {"192.0.2.1", "198.51.100.77", "2001:db8::1", "10.0.0.1"}) {
    auto found = index.Lookup(query);
    if (!found) continue;
    auto range = ParseIpRange(found->netblock);
    auto address = ParseAddress(query);
    if (!range || address->address < range->first || address->address > range->last) {
      __builtin_trap();
    }
  }
  for (std::string_view query : {"AS64496", "as4294967295", "AS0"}) {
    auto found = index.Lookup(query);
    auto number = ParseAsNumber(query);
    if (found && (!number || found->netblock != FormatAsNumber(*number))) __builtin_trap();
  }
  return 0;
}
