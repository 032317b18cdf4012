#include "core/utf8.h"

#include <gtest/gtest.h>

namespace hikeshi {
namespace {

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("火消し ２０２６年 𝄞"));
}

TEST(Utf8, RejectsMalformed) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE7\x81"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\x82\xA0"));          // Shift_JIS, not UTF-8
}

}  // namespace
}  // namespace hikeshi
