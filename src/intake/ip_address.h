// IP addresses in indicator text: strict parsing, canonical text and special-range flags.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/observable.h"

namespace hikeshi::intake {

struct IpAddress {
  bool is_v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes
};

// Dotted quad only: four decimal octets 0-255 without leading zeros ("010.1.1.1" is refused:
// inet_aton would read it as octal, and version strings look like that).
std::optional<IpAddress> ParseIpv4(std::string_view text);
// RFC 4291 text forms, including "::" and an embedded dotted quad; no zone ("%eth0"), no brackets.
std::optional<IpAddress> ParseIpv6(std::string_view text);

// "203.0.113.5"; IPv6 in RFC 5952 form ("2001:db8::1", lowercase, longest zero run compressed).
std::string FormatIp(const IpAddress& address);

// ObservableFlag bits for the special-purpose range the address falls in (0 for a global address):
// RFC 1918/ULA private, loopback, link-local, documentation (RFC 5737, 3849, 9637), multicast,
// CGNAT (RFC 6598), and other reserved ranges (0/8, 240/4, 198.18/15, 192.0.0/24, ::, 100::/64).
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) get the flags of their IPv4 address.
uint32_t ClassifyIp(const IpAddress& address);

// A structured field that must hold one address (a feed's ip column, a form's source IP): the
// whole text, trimmed of nothing, as an ipv4/ipv6 Observable in canonical form with its flags.
std::optional<Observable> IpObservable(std::string_view text);

}  // namespace hikeshi::intake
