#include "core/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace hikeshi {
namespace {

// FIPS 180-4 examples (NIST's "SHA256.pdf" and the long-message vector).
TEST(Sha256, MatchesKnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, HashesBinaryBytesIncludingNul) {
  EXPECT_EQ(Sha256Hex(std::string_view("\0", 1)),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256 incremental;
  incremental.Update("a");
  incremental.Update("bc");
  EXPECT_EQ(incremental.FinishHex(), Sha256Hex("abc"));

  // Pieces that straddle the 64-byte block boundary in every way.
  std::string text;
  for (int i = 0; i < 300; ++i) text.push_back(static_cast<char>('a' + i % 26));
  Sha256 pieces;
  for (std::size_t at = 0, step = 1; at < text.size(); at += step, step = step % 67 + 1) {
    pieces.Update(std::string_view(text).substr(at, step));
  }
  EXPECT_EQ(pieces.FinishHex(), Sha256Hex(text));
}

}  // namespace
}  // namespace hikeshi
