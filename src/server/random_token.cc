#include "server/random_token.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace hikeshi::server {

void InitSodium() {
  // sodium_init is itself thread-safe and idempotent; the static only saves the repeat calls.
  static const bool initialised = [] {
    if (sodium_init() < 0) {
      std::fputs("hikeshi: libsodium failed to initialise\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)initialised;
}

std::string RandomToken(size_t bytes) {
  InitSodium();
  unsigned char raw[64];
  std::vector<unsigned char> large;
  unsigned char* buffer = raw;
  if (bytes > sizeof raw) {
    large.resize(bytes);
    buffer = large.data();
  }
  randombytes_buf(buffer, bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_encoded_len(bytes, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), buffer, bytes, kVariant);
  encoded.resize(encoded.find('\0'));
  sodium_memzero(buffer, bytes);
  return encoded;
}

bool SecretsEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // lengths of our secrets are public
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace hikeshi::server
