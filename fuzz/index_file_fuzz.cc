// libFuzzer target: arbitrary bytes as the payload of an ownership index file. The header with
// the right length and SHA-256 is put in front, so the fuzzer reaches the section decoder
// (coord::DecodeIndex) instead of stopping at the checksum; whatever decodes is built into an
// index, queried (addresses, a domain, an AS number) and re-encoded, and must give the same
// bytes again. Each input is tried as every readable version (1: no autonomous systems, 2).
#include <cstddef>
#include <cstdint>
#include <string>

#include "coord/index_file.h"
#include "coord/ownership_index.h"
#include "core/sha256.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi::coord;
  std::string payload(reinterpret_cast<const char*>(data), size);
  std::string checksum = hikeshi::Sha256Hex(payload);
  for (uint32_t version = kOldestReadableIndexVersion; version <= kIndexFileVersion; ++version) {
    std::string file = "HKOWNIDX";
    for (uint64_t value : {uint64_t{version}, uint64_t{0}}) {
      for (int i = 0; i < 4; ++i) file.push_back(static_cast<char>(value >> (8 * i)));
    }
    for (int i = 0; i < 8; ++i) file.push_back(static_cast<char>(uint64_t{size} >> (8 * i)));
    file += checksum + payload;
    auto decoded = DecodeIndex(file);
    if (!decoded) continue;
    if (EncodeIndex(*decoded, version) != file) __builtin_trap();
    OwnershipIndex index(std::move(*decoded));
    (void)index.Lookup("192.0.2.1");
    (void)index.Lookup("2001:db8::1");
    (void)index.Lookup("example.net");
    if (auto found = index.Lookup("AS64496"); found && found->netblock != "AS64496") {
      __builtin_trap();
    }
  }
  return 0;
}
