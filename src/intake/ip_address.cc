#include "intake/ip_address.h"

#include <arpa/inet.h>

#include <cstring>

#include "core/observable.h"

namespace hikeshi::intake {
namespace {

constexpr uint32_t Bit(ObservableFlag flag) { return static_cast<uint32_t>(flag); }

struct Range {
  std::array<uint8_t, 16> prefix;
  int bits;
  ObservableFlag flag;
};

bool InRange(const std::array<uint8_t, 16>& bytes, const Range& range) {
  int full = range.bits / 8;
  if (std::memcmp(bytes.data(), range.prefix.data(), full) != 0) return false;
  int rest = range.bits % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (bytes[full] & mask) == (range.prefix[full] & mask);
}

constexpr Range kIpv4Ranges[] = {
    {{0}, 8, ObservableFlag::kReserved},
    {{10}, 8, ObservableFlag::kPrivate},
    {{100, 64}, 10, ObservableFlag::kCgnat},
    {{127}, 8, ObservableFlag::kLoopback},
    {{169, 254}, 16, ObservableFlag::kLinkLocal},
    {{172, 16}, 12, ObservableFlag::kPrivate},
    {{192, 0, 0}, 24, ObservableFlag::kReserved},
    {{192, 0, 2}, 24, ObservableFlag::kDocumentation},
    {{192, 88, 99}, 24, ObservableFlag::kReserved},
    {{192, 168}, 16, ObservableFlag::kPrivate},
    {{198, 18}, 15, ObservableFlag::kReserved},
    {{198, 51, 100}, 24, ObservableFlag::kDocumentation},
    {{203, 0, 113}, 24, ObservableFlag::kDocumentation},
    {{224}, 4, ObservableFlag::kMulticast},
    {{240}, 4, ObservableFlag::kReserved},
};

constexpr Range kIpv6Ranges[] = {
    {{0x01}, 64, ObservableFlag::kReserved},  // 100::/64 discard-only
    {{0x20, 0x01, 0x0d, 0xb8}, 32, ObservableFlag::kDocumentation},
    {{0x3f, 0xff, 0x00}, 20, ObservableFlag::kDocumentation},  // 3fff::/20 (RFC 9637)
    {{0xfc}, 7, ObservableFlag::kPrivate},
    {{0xfe, 0x80}, 10, ObservableFlag::kLinkLocal},
    {{0xfe, 0xc0}, 10, ObservableFlag::kPrivate},  // deprecated site-local
    {{0xff}, 8, ObservableFlag::kMulticast},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<IpAddress> ParseIpv4(std::string_view text) {
  IpAddress address;
  size_t at = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (at >= text.size() || text[at] != '.') return std::nullopt;
      ++at;
    }
    size_t begin = at;
    unsigned value = 0;
    while (at < text.size() && IsDigit(text[at]) && at - begin < 3) {
      value = value * 10 + static_cast<unsigned>(text[at] - '0');
      ++at;
    }
    size_t digits = at - begin;
    if (digits == 0 || value > 255 || (digits > 1 && text[begin] == '0')) return std::nullopt;
    address.bytes[octet] = static_cast<uint8_t>(value);
  }
  if (at != text.size()) return std::nullopt;
  return address;
}

std::optional<IpAddress> ParseIpv6(std::string_view text) {
  // INET6_ADDRSTRLEN is 46 including the terminator.
  if (text.size() < 2 || text.size() > 45) return std::nullopt;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  IpAddress address;
  address.is_v6 = true;
  if (inet_pton(AF_INET6, buffer, address.bytes.data()) != 1) return std::nullopt;
  return address;
}

std::string FormatIp(const IpAddress& address) {
  if (!address.is_v6) {  // by hand: inet_ntop formats IPv4 through sprintf
    std::string text;
    text.reserve(15);
    for (int i = 0; i < 4; ++i) {
      if (i > 0) text.push_back('.');
      unsigned octet = address.bytes[i];
      if (octet >= 100) text.push_back(static_cast<char>('0' + octet / 100));
      if (octet >= 10) text.push_back(static_cast<char>('0' + octet / 10 % 10));
      text.push_back(static_cast<char>('0' + octet % 10));
    }
    return text;
  }
  char buffer[INET6_ADDRSTRLEN];
  if (inet_ntop(address.is_v6 ? AF_INET6 : AF_INET, address.bytes.data(), buffer, sizeof buffer) ==
      nullptr) {
    return {};
  }
  return buffer;
}

uint32_t ClassifyIp(const IpAddress& address) {
  const auto& b = address.bytes;
  if (!address.is_v6) {
    if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255) {
      return Bit(ObservableFlag::kReserved);  // limited broadcast, also inside 240/4
    }
    uint32_t address =
        (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    uint32_t flags = 0;
    for (const Range& range : kIpv4Ranges) {
      uint32_t network = (uint32_t{range.prefix[0]} << 24) | (uint32_t{range.prefix[1]} << 16) |
                         (uint32_t{range.prefix[2]} << 8) | range.prefix[3];
      uint32_t mask = ~uint32_t{0} << (32 - range.bits);
      if ((address & mask) == network) flags |= Bit(range.flag);
    }
    return flags;
  }
  static constexpr std::array<uint8_t, 16> kZero{};
  if (std::memcmp(b.data(), kZero.data(), 15) == 0 && (b[15] == 0 || b[15] == 1)) {
    return Bit(b[15] == 1 ? ObservableFlag::kLoopback : ObservableFlag::kReserved);
  }
  static constexpr std::array<uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b.data(), kMapped.data(), kMapped.size()) == 0) {
    IpAddress v4;
    std::memcpy(v4.bytes.data(), b.data() + 12, 4);
    return ClassifyIp(v4);
  }
  uint32_t flags = 0;
  for (const Range& range : kIpv6Ranges) {
    if (InRange(b, range)) flags |= Bit(range.flag);
  }
  return flags;
}

std::optional<Observable> IpObservable(std::string_view text) {
  std::optional<IpAddress> address = ParseIpv4(text);
  if (!address) address = ParseIpv6(text);
  if (!address) return std::nullopt;
  return Observable{.kind = address->is_v6 ? ObservableKind::kIpv6 : ObservableKind::kIpv4,
                    .value = FormatIp(*address),
                    .original = std::string(text),
                    .flags = ClassifyIp(*address)};
}

}  // namespace hikeshi::intake
