#include "server/password.h"

#include <sodium.h>

#include <string_view>

#include "server/random_token.h"

namespace hikeshi::server {

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes) {
    return Fail(ErrorCode::kInvalid,
                "passwords need at least " + std::to_string(kMinPasswordBytes) + " bytes");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalid,
                "passwords are at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  InitSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Fail(ErrorCode::kInternal, "argon2id hashing ran out of memory");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kMaxPasswordBytes) return false;
  InitSodium();
  char terminated[crypto_pwhash_STRBYTES] = {};
  hash.copy(terminated, hash.size());
  return crypto_pwhash_str_verify(terminated, password.data(), password.size()) == 0;
}

std::string GeneratePassword() {
  InitSodium();
  // No 0/O, 1/l/I: the password is read off a terminal and typed in.
  constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  password.reserve(20);
  for (int i = 0; i < 20; ++i) {
    password += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  }
  return password;
}

}  // namespace hikeshi::server
