// Domain names in indicator text: IDN to punycode (libidn2) and public suffixes (libpsl).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

struct psl_ctx_st;

namespace hikeshi::intake {

// The public suffix list. Immutable after loading; safe to share between threads.
class PublicSuffixList {
 public:
  // Loads a list in the text (.dat) or DAFSA format. kUnavailable when it cannot be read.
  static Result<PublicSuffixList> Load(const std::string& path);
  // The system list (/usr/share/publicsuffix, Debian's `publicsuffix` package), loaded once on
  // first use; libpsl's built-in copy if the system list is missing.
  static const PublicSuffixList& System();

  PublicSuffixList(PublicSuffixList&&) noexcept = default;
  PublicSuffixList& operator=(PublicSuffixList&&) noexcept = default;
  ~PublicSuffixList();

  // True when the lowercase ASCII `suffix` ("com", "co.jp", "xn--q9jyb4c") is an explicit rule
  // of the list (the implicit "*" rule does not count).
  bool IsPublicSuffix(const std::string& suffix) const;
  // "www.example.co.jp" -> "example.co.jp"; empty when the name is itself a public suffix.
  std::string RegistrableDomain(const std::string& domain) const;

 private:
  struct Free {
    void operator()(psl_ctx_st* context) const;
  };
  explicit PublicSuffixList(const psl_ctx_st* context, psl_ctx_st* owned)
      : context_(context), owned_(owned) {}

  const psl_ctx_st* context_ = nullptr;
  std::unique_ptr<psl_ctx_st, Free> owned_;  // null for libpsl's built-in list
};

struct DomainName {
  std::string ascii;          // lowercase, IDN labels in punycode: "xn--r8jz45g.jp"
  std::string registrable;    // "example.co.jp"; may be empty (see RegistrableDomain)
  uint32_t flags = 0;         // ObservableFlag: kReservedTld, kDocumentation (example.com/net/org)
  bool known_suffix = false;  // the last label is a public suffix or a reserved TLD
};

// Validates and normalises a host name: at least two labels, each 1-63 bytes of letters, digits,
// '-' (not at either end) and '_' (not in the last label), 253 bytes at most; UTF-8 labels go
// through IDNA 2008 (UTS #46 non-transitional, then transitional). The last label must be a
// public suffix of `list` or a reserved TLD (example, test, invalid, localhost, local), so
// "report.pdf" is refused and "report.zip" is accepted. With `require_known_suffix` false (a host
// inside a URL, where the scheme already says it is a host) any alphabetic last label passes.
// nullopt when the name fails any check.
std::optional<DomainName> CheckDomainName(std::string_view host, const PublicSuffixList& list,
                                          bool require_known_suffix = true);

// CheckDomainName(host, list, false) remembered per thread (mail repeats its hosts, and the public
// suffix lookups dominate a name's cost): callers check `known_suffix` themselves. Bounded (the
// cache is emptied at 8,192 names; hosts over 1,012 bytes are refused without caching) and tied
// to one list. The pointer stays valid until the next call on the same thread; null when the name
// fails the checks.
const DomainName* CachedDomainName(std::string_view host, const PublicSuffixList& list);

}  // namespace hikeshi::intake
