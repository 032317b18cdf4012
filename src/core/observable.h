// Observable: a technical indicator attached to a report or incident (an address, a name, a hash).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi {

enum class ObservableKind {
  kIpv4,
  kIpv6,
  kCidr,
  kDomain,
  kUrl,
  kEmail,
  kMd5,
  kSha1,
  kSha256,
  kAsn,
  kFileName,
};
inline constexpr size_t kObservableKindCount = 11;

// Facts about an observable that matter to a responder, kept as data (never a reason to drop it):
// a report accusing a documentation address is itself worth knowing about. Bits of
// Observable::flags.
enum class ObservableFlag : uint32_t {
  kPrivate = 1u << 0,        // RFC 1918, IPv6 unique-local fc00::/7
  kLoopback = 1u << 1,       // 127/8, ::1
  kLinkLocal = 1u << 2,      // 169.254/16, fe80::/10
  kDocumentation = 1u << 3,  // RFC 5737, RFC 3849, RFC 9637; example.com/.net/.org (RFC 2606)
  kMulticast = 1u << 4,      // 224/4, ff00::/8
  kCgnat = 1u << 5,          // 100.64/10 (RFC 6598)
  kReserved = 1u << 6,       // other special-purpose ranges: 0/8, 240/4, 198.18/15, ::, …
  kReservedTld = 1u << 7,    // .example .test .invalid .localhost .local (RFC 2606, RFC 6762)
  kDefanged = 1u << 8,       // the original spelling was defanged: hxxp, [.], [at], …
  kFullWidth = 1u << 9,      // the original used full-width or other NFKC-compatible forms
};

// Flags of values that are nobody's to be told about: no outside owner to notify. Documentation
// ranges are not among them (a report accusing one is still a report, and tests use them).
inline constexpr uint32_t kNoOutsideOwnerFlags =
    static_cast<uint32_t>(ObservableFlag::kPrivate) |
    static_cast<uint32_t>(ObservableFlag::kLoopback) |
    static_cast<uint32_t>(ObservableFlag::kLinkLocal) |
    static_cast<uint32_t>(ObservableFlag::kMulticast) |
    static_cast<uint32_t>(ObservableFlag::kCgnat) |
    static_cast<uint32_t>(ObservableFlag::kReserved) |
    static_cast<uint32_t>(ObservableFlag::kReservedTld);

struct Observable {
  ObservableKind kind = ObservableKind::kDomain;
  std::string value;             // normalised: refanged, NFKC, lowercase where case is meaningless
  std::string original;          // as the reporter wrote it, e.g. "hxxp://203.0.113[.]5/"
  uint32_t flags = 0;            // ObservableFlag bits
  std::optional<uint16_t> port;  // "203.0.113.5:8080", "[2001:db8::1]:443", URL ports
  std::string registrable_domain;  // domains, URLs, mail addresses: "example.co.jp" (PSL)

  bool Has(ObservableFlag flag) const { return (flags & static_cast<uint32_t>(flag)) != 0; }
};

std::string_view ToString(ObservableFlag flag);  // "private", "reserved-tld", …
// Names of the set bits, lowest first.
std::vector<std::string_view> FlagNames(uint32_t flags);

std::string_view ToString(ObservableKind kind);  // "ipv4", "sha256", "file-name", …
std::optional<ObservableKind> ParseObservableKind(std::string_view name);

}  // namespace hikeshi
