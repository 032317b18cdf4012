// Password hashing with argon2id (libsodium crypto_pwhash_str, interactive limits).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace hikeshi::server {

inline constexpr size_t kMinPasswordBytes = 12;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Rejects passwords shorter than kMinPasswordBytes or longer than kMaxPasswordBytes (kInvalid).
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);
// A random password for a first admin account: 20 characters from an unambiguous alphabet.
std::string GeneratePassword();

}  // namespace hikeshi::server
