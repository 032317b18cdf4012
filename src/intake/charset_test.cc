#include "intake/charset.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace hikeshi::intake {
namespace {

TEST(Charset, DeclaredJapaneseCharsets) {
  std::vector<std::string> anomalies;
  // "テスト" in ISO-2022-JP, Shift_JIS and EUC-JP.
  EXPECT_EQ(ConvertToUtf8("\x1b$B%F%9%H\x1b(B", "iso-2022-jp", anomalies).text, "テスト");
  EXPECT_EQ(ConvertToUtf8("\x83\x65\x83\x58\x83\x67", "Shift_JIS", anomalies).text, "テスト");
  EXPECT_EQ(ConvertToUtf8("\xa5\xc6\xa5\xb9\xa5\xc8", "EUC-JP", anomalies).text, "テスト");
  EXPECT_EQ(ConvertToUtf8("Gr\xfc\xdf", "latin1", anomalies).text, "Grüß");
  EXPECT_TRUE(anomalies.empty());
}

TEST(Charset, UndeclaredIso2022JpIsRecognisedByItsEscapes) {
  std::vector<std::string> anomalies;
  Utf8Conversion result = ConvertToUtf8("\x1b$B%F%9%H\x1b(B", "", anomalies);
  EXPECT_EQ(result.text, "テスト");
  EXPECT_EQ(result.charset, "ISO-2022-JP");
  EXPECT_FALSE(result.declared);
}

TEST(Charset, UnknownCharsetIsGuessed) {
  std::vector<std::string> anomalies;
  Utf8Conversion result = ConvertToUtf8("plain", "x-no-such-charset", anomalies);
  EXPECT_EQ(result.text, "plain");
  EXPECT_NE(std::find(anomalies.begin(), anomalies.end(), "charset-unknown"), anomalies.end());
}

TEST(Charset, InvalidBytesNeverEscape) {
  std::vector<std::string> anomalies;
  for (std::string_view declared : {"utf-8", "shift_jis", "euc-jp", "iso-2022-jp", ""}) {
    Utf8Conversion result = ConvertToUtf8("\xff\xfe\x81\x1b$B\x80", declared, anomalies);
    EXPECT_TRUE(IsValidUtf8(result.text)) << declared;
  }
}

// Found by mail_fuzz: a raw header holding F6 BC 90 87 (a lead byte past U+10FFFF) was guessed
// as UTF-8 and passed through iconv unchanged.
TEST(Charset, OutOfRangeUtf8LeadByteIsReplaced) {
  std::vector<std::string> anomalies;
  Utf8Conversion result = ConvertToUtf8("1.0\xf6\xbc\x90\x87tent-Type", "", anomalies);
  EXPECT_TRUE(IsValidUtf8(result.text));
  EXPECT_NE(result.text.find("tent-Type"), std::string::npos);
  result = ConvertToUtf8("\xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80", "utf-8", anomalies);
  EXPECT_TRUE(IsValidUtf8(result.text));
}

TEST(Charset, CanonicalNames) {
  EXPECT_EQ(CanonicalCharset("shift_jis"), "CP932");
  EXPECT_EQ(CanonicalCharset("\"UTF-8\""), "UTF-8");
  EXPECT_EQ(CanonicalCharset("iso-8859-1"), "WINDOWS-1252");
  EXPECT_EQ(CanonicalCharset(""), "");
}

}  // namespace
}  // namespace hikeshi::intake
