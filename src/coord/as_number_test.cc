#include "coord/as_number.h"

#include <gtest/gtest.h>

namespace hikeshi::coord {
namespace {

TEST(AsNumber, AcceptsWhatPeopleType) {
  EXPECT_EQ(ParseAsNumber("AS64500"), 64500u);
  EXPECT_EQ(ParseAsNumber("as64500"), 64500u);
  EXPECT_EQ(ParseAsNumber(" As64500\t"), 64500u);
  EXPECT_EQ(ParseAsNumber("\uFF21\uFF33\uFF16\uFF14\uFF15\uFF10\uFF10"), 64500u);  // full-width
  EXPECT_EQ(ParseAsNumber("\uFF41\uFF53\uFF10"), 0u);
  EXPECT_EQ(ParseAsNumber("AS4294967295"), 4294967295u);
  EXPECT_EQ(FormatAsNumber(64500), "AS64500");
}

TEST(AsNumber, RefusesEverythingElse) {
  for (std::string_view text :
       {"", "AS", "64500", "AS-64500", "AS 64500", "AS64500x", "AS1.10", "AS064500", "AS4294967296",
        "AS99999999999999999999", "example.net", "192.0.2.1", "ASN64500"}) {
    EXPECT_FALSE(ParseAsNumber(text)) << text;
  }
  EXPECT_FALSE(ParseAsNumber(std::string(100, 'A')));
  EXPECT_FALSE(ParseAsNumber("AS\xff\xfe"));
}

}  // namespace
}  // namespace hikeshi::coord
