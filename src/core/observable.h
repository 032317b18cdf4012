// Observable: a technical indicator attached to a report or incident (an address, a name, a hash).
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

struct Observable {
  ObservableKind kind = ObservableKind::kDomain;
  std::string value;     // normalised: refanged, NFKC, lowercase where case is meaningless
  std::string original;  // as the reporter wrote it, e.g. "hxxp://203.0.113[.]5/"
};

std::string_view ToString(ObservableKind kind);  // "ipv4", "sha256", "file-name", …
std::optional<ObservableKind> ParseObservableKind(std::string_view name);

}  // namespace hikeshi
