// libFuzzer target: arbitrary bytes as the constituency JSON file (bit 0 of byte 0 clear) or
// the national-CSIRT table (set), with small limits, then an index over the result, queried
// for addresses and domains.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coord/constituency.h"
#include "coord/csirt_table.h"
#include "coord/ownership_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi::coord;
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  OwnershipBuilder builder;
  if (data[0] & 1) {
    (void)ReadCsirtTable(text, builder);
  } else {
    (void)ReadConstituency(text, builder, {.max_constituents = 64, .max_values = 64});
  }
  OwnershipIndex index(builder.Finish());
  for (std::string_view query : {"192.0.2.1", "2001:db8::1", "www.example.net", "example.edu"}) {
    (void)index.Lookup(query);
  }
  return 0;
}
