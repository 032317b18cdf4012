#include "core/sha256.h"

#include <openssl/evp.h>

#include <cstdlib>

namespace hikeshi {
namespace {

constexpr std::size_t kDigestBytes = 32;

// Fetched once: an implicit fetch (EVP_sha256() in every call) costs a provider lookup per
// hash, which is noticeable for the many small inputs (tokens, evidence lines) hashed here.
const EVP_MD* Sha256Method() {
  static EVP_MD* const method = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (method == nullptr) std::abort();  // libcrypto without SHA-256: nothing sensible to do
  return method;
}

// OpenSSL only fails on allocation failure or a missing algorithm; both are fatal here, as an
// out-of-memory std::string would be.
void Check(int ok) {
  if (ok != 1) std::abort();
}

std::string ToHex(const unsigned char (&digest)[kDigestBytes]) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(kDigestBytes * 2, '\0');
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    hex[2 * i] = kDigits[digest[i] >> 4];
    hex[2 * i + 1] = kDigits[digest[i] & 0x0F];
  }
  return hex;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[kDigestBytes];
  unsigned int length = 0;
  Check(EVP_Digest(bytes.data(), bytes.size(), digest, &length, Sha256Method(), nullptr));
  return ToHex(digest);
}

void Sha256::ContextFree::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) std::abort();
  Check(EVP_DigestInit_ex(context_.get(), Sha256Method(), nullptr));
}

void Sha256::Update(std::string_view bytes) {
  Check(EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()));
}

std::string Sha256::FinishHex() {
  unsigned char digest[kDigestBytes];
  unsigned int length = 0;
  Check(EVP_DigestFinal_ex(context_.get(), digest, &length));
  return ToHex(digest);
}

}  // namespace hikeshi
