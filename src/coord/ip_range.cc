#include "coord/ip_range.h"

#include <fmt/format.h>

#include "intake/ip_address.h"

namespace hikeshi::coord {
namespace {

int Bits(bool is_v6) { return is_v6 ? 128 : 32; }

Address128 HostMask(bool is_v6, int length) {
  int host_bits = Bits(is_v6) - length;
  if (host_bits <= 0) return 0;
  if (host_bits >= 128) return ~Address128{0};
  return (Address128{1} << host_bits) - 1;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<IpPrefix> ParseAddress(std::string_view text) {
  bool looks_v6 = text.find(':') != std::string_view::npos;
  auto parsed = looks_v6 ? intake::ParseIpv6(text) : intake::ParseIpv4(text);
  if (!parsed) return std::nullopt;
  IpPrefix prefix{.is_v6 = parsed->is_v6};
  int count = parsed->is_v6 ? 16 : 4;
  for (int i = 0; i < count; ++i) prefix.address = (prefix.address << 8) | parsed->bytes[i];
  prefix.length = static_cast<uint8_t>(Bits(prefix.is_v6));
  return prefix;
}

std::optional<IpRange> ParseIpRange(std::string_view text) {
  text = Trim(text);
  if (text.empty() || text.size() > 100) return std::nullopt;
  if (size_t dash = text.find('-'); dash != std::string_view::npos) {
    auto first = ParseAddress(Trim(text.substr(0, dash)));
    auto last = ParseAddress(Trim(text.substr(dash + 1)));
    if (!first || !last || first->is_v6 != last->is_v6 || last->address < first->address) {
      return std::nullopt;
    }
    return IpRange{first->is_v6, first->address, last->address};
  }
  if (size_t slash = text.find('/'); slash != std::string_view::npos) {
    auto address = ParseAddress(Trim(text.substr(0, slash)));
    std::string_view digits = Trim(text.substr(slash + 1));
    if (!address || digits.empty() || digits.size() > 3) return std::nullopt;
    int length = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      length = length * 10 + (c - '0');
    }
    if (length > Bits(address->is_v6)) return std::nullopt;
    Address128 mask = HostMask(address->is_v6, length);
    Address128 first = address->address & ~mask;
    if (!address->is_v6) first &= 0xffffffffu;
    return IpRange{address->is_v6, first, first | mask};
  }
  auto address = ParseAddress(text);
  if (!address) return std::nullopt;
  return IpRange{address->is_v6, address->address, address->address};
}

std::vector<IpPrefix> RangeToPrefixes(const IpRange& range) {
  std::vector<IpPrefix> prefixes;
  const int bits = Bits(range.is_v6);
  Address128 cursor = range.first;
  while (true) {
    // The largest aligned block starting at cursor that does not pass `last`.
    int host_bits = 0;
    while (host_bits < bits) {
      Address128 mask = HostMask(range.is_v6, bits - host_bits - 1);
      if ((cursor & mask) != 0 || (cursor | mask) > range.last) break;
      ++host_bits;
    }
    prefixes.push_back({range.is_v6, cursor, static_cast<uint8_t>(bits - host_bits)});
    Address128 block_last = cursor | HostMask(range.is_v6, bits - host_bits);
    if (block_last >= range.last) break;
    cursor = block_last + 1;
  }
  return prefixes;
}

uint8_t RangeSpecificity(const IpRange& range) {
  const int bits = Bits(range.is_v6);
  Address128 differing = range.first ^ range.last;
  int length = bits;
  while (differing != 0) {
    differing >>= 1;
    --length;
  }
  return static_cast<uint8_t>(length);
}

IpRange PrefixRange(const IpPrefix& prefix) {
  return {prefix.is_v6, prefix.address, prefix.address | HostMask(prefix.is_v6, prefix.length)};
}

std::string FormatAddress(bool is_v6, Address128 address) {
  intake::IpAddress ip{.is_v6 = is_v6};
  int count = is_v6 ? 16 : 4;
  for (int i = count - 1; i >= 0; --i) {
    ip.bytes[i] = static_cast<uint8_t>(address & 0xff);
    address >>= 8;
  }
  return intake::FormatIp(ip);
}

std::string FormatPrefix(const IpPrefix& prefix) {
  return fmt::format("{}/{}", FormatAddress(prefix.is_v6, prefix.address), prefix.length);
}

}  // namespace hikeshi::coord
