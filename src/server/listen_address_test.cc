#include "server/listen_address.h"

#include <gtest/gtest.h>

namespace hikeshi::server {
namespace {

TEST(ParseListenAddress, AcceptsHostPortForms) {
  auto v4 = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8080);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(ParseListenAddress("localhost:9000")->host, "localhost");
}

TEST(ParseListenAddress, RejectsIncompleteOrAmbiguousAddresses) {
  for (std::string_view text : {"8080", ":8080", "127.0.0.1:", "127.0.0.1:65536", "::1:80",
                                "[::1:80", "host:port", "127.0.0.1:-1", "[]:80"}) {
    EXPECT_FALSE(ParseListenAddress(text)) << text;
  }
}

TEST(FormatHostPort, BracketsIpv6) {
  EXPECT_EQ(FormatHostPort("127.0.0.1", 80), "127.0.0.1:80");
  EXPECT_EQ(FormatHostPort("::1", 80), "[::1]:80");
}

}  // namespace
}  // namespace hikeshi::server
