#include "core/observable.h"

#include <array>
#include <utility>

namespace hikeshi {
namespace {

constexpr std::array<std::pair<ObservableKind, std::string_view>, 11> kNames{{
    {ObservableKind::kIpv4, "ipv4"},
    {ObservableKind::kIpv6, "ipv6"},
    {ObservableKind::kCidr, "cidr"},
    {ObservableKind::kDomain, "domain"},
    {ObservableKind::kUrl, "url"},
    {ObservableKind::kEmail, "email"},
    {ObservableKind::kMd5, "md5"},
    {ObservableKind::kSha1, "sha1"},
    {ObservableKind::kSha256, "sha256"},
    {ObservableKind::kAsn, "asn"},
    {ObservableKind::kFileName, "file-name"},
}};
static_assert(kNames.size() == kObservableKindCount);

constexpr std::array<std::string_view, 10> kFlagNames{
    "private", "loopback", "link-local",   "documentation", "multicast",
    "cgnat",   "reserved", "reserved-tld", "defanged",      "full-width",
};

}  // namespace

std::string_view ToString(ObservableFlag flag) {
  auto bits = static_cast<uint32_t>(flag);
  for (size_t i = 0; i < kFlagNames.size(); ++i) {
    if (bits == (1u << i)) return kFlagNames[i];
  }
  return "unknown";
}

std::vector<std::string_view> FlagNames(uint32_t flags) {
  std::vector<std::string_view> names;
  for (size_t i = 0; i < kFlagNames.size(); ++i) {
    if ((flags & (1u << i)) != 0) names.push_back(kFlagNames[i]);
  }
  return names;
}

std::string_view ToString(ObservableKind kind) { return kNames[static_cast<size_t>(kind)].second; }

std::optional<ObservableKind> ParseObservableKind(std::string_view name) {
  for (const auto& [kind, text] : kNames) {
    if (text == name) return kind;
  }
  return std::nullopt;
}

}  // namespace hikeshi
