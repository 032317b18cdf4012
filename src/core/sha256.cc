#include "core/sha256.h"

#include <sodium.h>

namespace hikeshi {
namespace {

static_assert(sizeof(crypto_hash_sha256_state) <= 128);

crypto_hash_sha256_state* AsState(unsigned char* bytes) {
  return reinterpret_cast<crypto_hash_sha256_state*>(bytes);
}

std::string ToHex(const unsigned char (&digest)[crypto_hash_sha256_BYTES]) {
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return ToHex(digest);
}

Sha256::Sha256() { crypto_hash_sha256_init(AsState(state_)); }

void Sha256::Update(std::string_view bytes) {
  crypto_hash_sha256_update(AsState(state_), reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Sha256::FinishHex() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(AsState(state_), digest);
  return ToHex(digest);
}

}  // namespace hikeshi
