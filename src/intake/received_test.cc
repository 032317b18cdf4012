#include "intake/received.h"

#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

TEST(Received, CommonMtaFormats) {
  ReceivedHop postfix = ParseReceived(
      "from mail.example.com (mail.example.com [192.0.2.1]) by mx.example.net (Postfix) with "
      "ESMTP id X; Sun, 22 Nov 2026 00:00:00 +0000");
  EXPECT_EQ(postfix.from_host, "mail.example.com");
  EXPECT_EQ(postfix.from_rdns, "mail.example.com");
  EXPECT_EQ(postfix.from_ip, "192.0.2.1");
  EXPECT_EQ(postfix.by_host, "mx.example.net");
  ASSERT_TRUE(postfix.timestamp.has_value());

  ReceivedHop qmail = ParseReceived(
      "from email.example.com (HELO example.com) (192.0.2.4) by example.com with SMTP; 29 Apr "
      "2009 00:00:00 -0000");
  EXPECT_EQ(qmail.from_ip, "192.0.2.4");
  EXPECT_EQ(qmail.by_host, "example.com");

  ReceivedHop exchange =
      ParseReceived("from CAT-1.r.example.org ([198.51.100.1]) by CAT4.example.com with SMTP");
  EXPECT_EQ(exchange.from_host, "cat-1.r.example.org");
  EXPECT_EQ(exchange.from_ip, "198.51.100.1");

  ReceivedHop ipv6 = ParseReceived("from h ([IPv6:2001:db8::1]) by mx.example.net");
  EXPECT_EQ(ipv6.from_ip, "2001:db8::1");

  ReceivedHop by_only = ParseReceived("by 192.0.2.25 with SMTP id f; Thu, 29 Apr 2016");
  EXPECT_EQ(by_only.by_host, "192.0.2.25");
  EXPECT_TRUE(by_only.from_ip.empty());

  ReceivedHop junk = ParseReceived("((((from [[[by ;;;");
  EXPECT_TRUE(junk.from_ip.empty());
}

TEST(Received, PrivateAddresses) {
  for (std::string_view ip : {"10.1.2.3", "127.0.0.1", "192.168.0.1", "172.16.5.5", "100.64.0.1",
                              "169.254.1.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"}) {
    EXPECT_TRUE(IsPrivateAddress(ip)) << ip;
  }
  for (std::string_view ip : {"192.0.2.1", "203.0.113.5", "2001:db8::1", "172.32.0.1", "x"}) {
    EXPECT_FALSE(IsPrivateAddress(ip)) << ip;
  }
}

TEST(Received, AccusedSourceSkipsTheReportersOwnRelays) {
  std::vector<ReceivedHop> hops{
      ParseReceived("from mx1.reporter.example.jp (mx1.reporter.example.jp [192.0.2.10]) by "
                    "mail.reporter.example.jp; Sun, 22 Nov 2026 00:00:02 +0000"),
      ParseReceived("from filter (unknown [10.1.2.3]) by mx1.reporter.example.jp"),
      ParseReceived("from gw.isp.example (gw.isp.example [198.51.100.1]) by filter"),
      ParseReceived("from spammer (dsl.example.com [203.0.113.99]) by gw.isp.example"),
  };
  std::optional<AccusedSource> source = PickAccusedSource(hops);
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->ip, "198.51.100.1");
  EXPECT_EQ(source->hop_index, 2u);

  SourceOptions options;
  options.trusted_hosts = {"isp.example"};
  source = PickAccusedSource(hops, options);
  ASSERT_TRUE(source.has_value());
  EXPECT_EQ(source->ip, "203.0.113.99");
}

TEST(Received, NoPublicHopGivesNothing) {
  std::vector<ReceivedHop> hops{ParseReceived("from a (a [10.0.0.1]) by b"),
                                ParseReceived("by c with local")};
  EXPECT_FALSE(PickAccusedSource(hops).has_value());
}

}  // namespace
}  // namespace hikeshi::intake
