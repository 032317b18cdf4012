#include "intake/base64_body.h"

#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

namespace hikeshi::intake {
namespace {

std::string GmimeDecode(std::string_view body) {
  std::string out(body.size() / 4 * 3 + 4, '\0');
  int state = 0;
  guint32 save = 0;
  std::size_t n = g_mime_encoding_base64_decode_step(
      reinterpret_cast<const unsigned char*>(body.data()), body.size(),
      reinterpret_cast<unsigned char*>(out.data()), &state, &save);
  out.resize(n);
  return out;
}

// The rule the separate validity scan applied (gmime_support.cc's Base64Checker).
bool IsClean(std::string_view body) {
  std::size_t count = 0, padding = 0;
  for (char c : body) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    ++count;
    if (c == '=') {
      ++padding;
    } else if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/') {
      return false;
    } else if (padding > 0) {
      return false;
    }
  }
  return count % 4 == 0 && padding <= 2;
}

TEST(Base64Body, DecodesKnownVectors) {  // RFC 4648 section 10, wrapped and unwrapped
  std::string out;
  for (auto [encoded, decoded] : {std::pair{"", ""},
                                  {"Zg==", "f"},
                                  {"Zm8=", "fo"},
                                  {"Zm9v", "foo"},
                                  {"Zm9vYg==", "foob"},
                                  {"Zm9vYmE=", "fooba"},
                                  {"Zm9v\r\nYmFy\n", "foobar"},
                                  {" Zm 9v\tYm E= \n", "fooba"}}) {
    ASSERT_TRUE(DecodeCleanBase64Body(encoded, out)) << encoded;
    EXPECT_EQ(out, decoded) << encoded;
  }
}

TEST(Base64Body, RefusesDamagedBodies) {
  std::string out;
  for (const char* damaged :
       {"Zg", "Zm9", "Z===", "====", "Zg==Zg==", "Zm9v*", "Zm9v-_", "Zg=", "Zm9vY", "Zm9\x80v"}) {
    EXPECT_FALSE(DecodeCleanBase64Body(damaged, out)) << damaged;
  }
}

// Random bodies over the alphabet, padding, whitespace and a little junk: clean exactly when
// the old scan said so, and then byte for byte what GMime's decoder gives.
TEST(Base64Body, AgreesWithGmimeAndTheOldScan) {
  std::mt19937 random(20261208);
  constexpr std::string_view kCharacters =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n\r\t*-";
  std::string out;
  int clean_bodies = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string body;
    std::size_t length = random() % 40;
    bool mostly_clean = round % 2 == 0;
    for (std::size_t i = 0; i < length; ++i) {
      std::size_t limit = mostly_clean ? 64 : kCharacters.size();
      body.push_back(kCharacters[random() % limit]);
      if (mostly_clean && random() % 19 == 0) body.push_back('\n');
    }
    if (mostly_clean && random() % 3 == 0) body.append(random() % 2 ? "=" : "==");
    bool clean = DecodeCleanBase64Body(body, out);
    ASSERT_EQ(clean, IsClean(body)) << body;
    if (clean) {
      ++clean_bodies;
      ASSERT_EQ(out, GmimeDecode(body)) << body;
    }
  }
  EXPECT_GT(clean_bodies, 2000);
}

}  // namespace
}  // namespace hikeshi::intake
