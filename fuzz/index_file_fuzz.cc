// libFuzzer target: arbitrary bytes as the payload of an ownership index file. The header with
// the right length and SHA-256 is put in front, so the fuzzer reaches the section decoder
// (coord::DecodeIndex) instead of stopping at the checksum; whatever decodes is built into an
// index, queried and re-encoded, and must decode to the same bytes again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "coord/index_file.h"
#include "coord/ownership_index.h"
#include "core/sha256.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi::coord;
  std::string payload(reinterpret_cast<const char*>(data), size);
  std::string file = "HKOWNIDX";
  for (uint64_t value : {uint64_t{kIndexFileVersion}, uint64_t{0}}) {
    for (int i = 0; i < 4; ++i) file.push_back(static_cast<char>(value >> (8 * i)));
  }
  for (int i = 0; i < 8; ++i) file.push_back(static_cast<char>(uint64_t{size} >> (8 * i)));
  file += hikeshi::Sha256Hex(payload) + payload;
  auto decoded = DecodeIndex(file);
  if (!decoded) return 0;
  std::string again = EncodeIndex(*decoded);
  if (again != file) __builtin_trap();
  OwnershipIndex index(std::move(*decoded));
  (void)index.Lookup("192.0.2.1");
  (void)index.Lookup("2001:db8::1");
  (void)index.Lookup("example.net");
  return 0;
}
