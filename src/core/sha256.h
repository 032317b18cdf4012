// SHA-256 as lowercase hex. A pure function, so it lives in core (over libsodium) for every layer:
// report evidence, work-log chains, token and session hashes.
#pragma once

#include <string>
#include <string_view>

namespace hikeshi {

std::string Sha256Hex(std::string_view bytes);

// Incremental form for input that arrives in pieces.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  std::string FinishHex();  // call once

 private:
  alignas(64) unsigned char state_[128];  // crypto_hash_sha256_state is 104 bytes
};

}  // namespace hikeshi
