// Random secrets for session cookies, CSRF tokens and API tokens.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hikeshi::server {

// Initialises libsodium once (thread-safe); aborts the process if the system has no usable
// randomness, since nothing secret can be made without it.
void InitSodium();

// `bytes` random bytes from the system CSPRNG, encoded base64url without padding
// (32 bytes → 43 characters).
std::string RandomToken(size_t bytes = 32);

// Compares two secrets in time independent of where they differ (sodium_memcmp).
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace hikeshi::server
