#include "intake/ip_address.h"

#include <gtest/gtest.h>

#include "core/observable.h"

namespace hikeshi::intake {
namespace {

TEST(ParseIpv4, AcceptsDottedQuadsOnly) {
  EXPECT_EQ(FormatIp(*ParseIpv4("203.0.113.5")), "203.0.113.5");
  EXPECT_EQ(FormatIp(*ParseIpv4("0.0.0.0")), "0.0.0.0");
  EXPECT_EQ(FormatIp(*ParseIpv4("255.255.255.255")), "255.255.255.255");
  for (std::string_view text : {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "",
                                "1..2.3", "1.2.3.", "a.b.c.d", "1.2.3.1000"}) {
    EXPECT_FALSE(ParseIpv4(text)) << text;
  }
}

TEST(ParseIpv6, AcceptsRfc4291FormsAndPrintsRfc5952) {
  EXPECT_EQ(FormatIp(*ParseIpv6("2001:DB8:0:0:0:0:0:1")), "2001:db8::1");
  EXPECT_EQ(FormatIp(*ParseIpv6("::1")), "::1");
  EXPECT_EQ(FormatIp(*ParseIpv6("::ffff:192.0.2.1")), "::ffff:192.0.2.1");
  for (std::string_view text : {"10:15:01", "00:11:22:33:44:55", ":::", "2001:db8::1::2", "[::1]",
                                "fe80::1%eth0", "1:2:3:4:5:6:7:8:9"}) {
    EXPECT_FALSE(ParseIpv6(text)) << text;
  }
}

uint32_t Flags(std::string_view text) {
  auto ip = text.find(':') == std::string_view::npos ? ParseIpv4(text) : ParseIpv6(text);
  EXPECT_TRUE(ip) << text;
  return ip ? ClassifyIp(*ip) : 0xFFFFFFFF;
}

constexpr uint32_t F(ObservableFlag flag) { return static_cast<uint32_t>(flag); }

TEST(ClassifyIp, FlagsSpecialPurposeRanges) {
  struct Case {
    std::string_view address;
    uint32_t flags;
  };
  const Case cases[] = {
      {"8.8.8.8", 0},
      {"10.1.2.3", F(ObservableFlag::kPrivate)},
      {"172.16.0.1", F(ObservableFlag::kPrivate)},
      {"172.32.0.1", 0},
      {"192.168.1.1", F(ObservableFlag::kPrivate)},
      {"127.0.0.1", F(ObservableFlag::kLoopback)},
      {"169.254.1.1", F(ObservableFlag::kLinkLocal)},
      {"192.0.2.4", F(ObservableFlag::kDocumentation)},
      {"198.51.100.7", F(ObservableFlag::kDocumentation)},
      {"203.0.113.5", F(ObservableFlag::kDocumentation)},
      {"203.0.114.5", 0},
      {"100.64.0.1", F(ObservableFlag::kCgnat)},
      {"100.128.0.1", 0},
      {"224.0.0.1", F(ObservableFlag::kMulticast)},
      {"240.0.0.1", F(ObservableFlag::kReserved)},
      {"255.255.255.255", F(ObservableFlag::kReserved)},
      {"0.1.2.3", F(ObservableFlag::kReserved)},
      {"198.18.0.1", F(ObservableFlag::kReserved)},
      {"2001:db8::1", F(ObservableFlag::kDocumentation)},
      {"3fff::1", F(ObservableFlag::kDocumentation)},
      {"2001:4860:4860::8888", 0},
      {"::1", F(ObservableFlag::kLoopback)},
      {"::", F(ObservableFlag::kReserved)},
      {"fe80::1", F(ObservableFlag::kLinkLocal)},
      {"fd12:3456::1", F(ObservableFlag::kPrivate)},
      {"ff02::1", F(ObservableFlag::kMulticast)},
      {"::ffff:10.0.0.1", F(ObservableFlag::kPrivate)},
  };
  for (const Case& c : cases) EXPECT_EQ(Flags(c.address), c.flags) << c.address;
}

}  // namespace
}  // namespace hikeshi::intake
