// SHA-256 as lowercase hex. A pure function, so it lives in core for every layer: report
// evidence, attachments, work-log chains, token and session hashes. Computed by OpenSSL's
// libcrypto, which uses the CPU's SHA extensions (SHA-NI, ARMv8 SHA2) when present.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace hikeshi {

std::string Sha256Hex(std::string_view bytes);

// Incremental form for input that arrives in pieces. Move-only (it owns an OpenSSL context).
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view bytes);
  std::string FinishHex();  // call once

 private:
  struct ContextFree {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextFree> context_;
};

}  // namespace hikeshi
