// Address ranges as the ownership sources write them: "192.0.2.0 - 192.0.2.255" (RPSL inetnum),
// "2001:db8::/32" (inet6num, constituency), a single address; and their exact split into CIDR
// prefixes, which the index stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi::coord {

using Address128 = unsigned __int128;  // IPv4 addresses live in the low 32 bits

struct IpPrefix {
  bool is_v6 = false;
  Address128 address = 0;  // host bits are zero
  uint8_t length = 0;      // 0-32 or 0-128
  bool operator==(const IpPrefix&) const = default;
};

struct IpRange {
  bool is_v6 = false;
  Address128 first = 0;
  Address128 last = 0;  // inclusive, >= first
};

// One address, IPv4 dotted quad or IPv6 text (intake's strict parsers). nullopt otherwise.
std::optional<IpPrefix> ParseAddress(std::string_view text);

// "a - b" (spaces optional), "a/len" (host bits are cleared) or one address; both ends of a
// range must be the same family and first <= last. nullopt on anything else.
std::optional<IpRange> ParseIpRange(std::string_view text);

// The fewest CIDR prefixes covering exactly [first, last]: at most 2 × 32 (IPv4) or 2 × 128.
std::vector<IpPrefix> RangeToPrefixes(const IpRange& range);

// Length of the shortest prefix containing the whole range (the leading bits first and last
// share): a tie-break between equal prefixes cut from ranges of different sizes.
uint8_t RangeSpecificity(const IpRange& range);

IpRange PrefixRange(const IpPrefix& prefix);

// "192.0.2.0/24", "2001:db8::/32" (RFC 5952 text).
std::string FormatPrefix(const IpPrefix& prefix);
std::string FormatAddress(bool is_v6, Address128 address);

}  // namespace hikeshi::coord
