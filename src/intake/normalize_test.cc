#include "intake/normalize.h"

#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

TEST(Normalize, PlainAsciiIsBorrowedNotCopied) {
  std::string input = "Failed password for root from 203.0.113.5 port 22 (ssh2) [preauth]";
  auto normalized = NormalizedText::Normalize(input);
  EXPECT_FALSE(normalized.changed());
  EXPECT_EQ(normalized.text().data(), input.data());
  auto span = normalized.ToInput(5, 10);
  EXPECT_EQ(span.begin, 5u);
  EXPECT_EQ(span.end, 10u);
  EXPECT_EQ(span.rewrites, 0);
}

struct Case {
  std::string input;
  std::string expected;
};

TEST(Normalize, RefangsAndMapsCompatibilityForms) {
  const Case cases[] = {
      {"hxxp://203.0.113[.]5/login", "http://203.0.113.5/login"},
      {"hXXps[://]example(.)com", "https://example.com"},
      {"h**p[:]//a{.}b", "http://a.b"},
      {"example[dot]com and example(DOT)org", "example.com and example.org"},
      {"abuse[at]example.com abuse[@]example.net", "abuse@example.com abuse@example.net"},
      {"abuse [at] example.com", "abuse@example.com"},
      {"example [.] com", "example.com"},
      {"example dot com", "example.com"},
      {"the dot com bubble", "the dot com bubble"},
      {"a dot b", "a dot b"},
      {"hxxp is not a scheme", "hxxp is not a scheme"},
      {"shxxp://x", "shxxp://x"},
      {"\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x93\xEF\xBC\x8E\xEF\xBC\x90", "203.0"},  // ２０３．０
      {"\xEF\xBC\xA0", "@"},                                                      // ＠
      {"\xEF\xBC\x9A\xEF\xBC\x8F", ":/"},                                         // ：／
      {"example\xE3\x80\x82"
       "com",
       "example.com"},  // 。 between labels
      {"\xE7\xA2\xBA\xE8\xAA\x8D\xE3\x80\x82", "\xE7\xA2\xBA\xE8\xAA\x8D\xE3\x80\x82"},  // 確認。
      {"example.com\xE3\x80\x82", "example.com\xE3\x80\x82"},  // sentence end stays
      {"\xE3\x80\x80", " "},                                   // ideographic space
  };
  for (const Case& c : cases) {
    auto normalized = NormalizedText::Normalize(c.input);
    EXPECT_EQ(normalized.text(), c.expected) << c.input;
  }
}

TEST(Normalize, SpansMapBackToTheExactInputBytes) {
  std::string input = "see hxxp://203.0.113[.]5/x now";
  auto normalized = NormalizedText::Normalize(input);
  std::string_view text = normalized.text();
  size_t begin = text.find("http");
  size_t end = text.find(" now");
  auto span = normalized.ToInput(begin, end);
  EXPECT_EQ(input.substr(span.begin, span.end - span.begin), "hxxp://203.0.113[.]5/x");
  EXPECT_EQ(span.rewrites, static_cast<uint8_t>(Rewrite::kRefang));
  auto tail = normalized.ToInput(end, text.size());
  EXPECT_EQ(input.substr(tail.begin, tail.end - tail.begin), " now");
  EXPECT_EQ(tail.rewrites, 0);
}

TEST(Normalize, FullWidthSpanCoversEveryByte) {
  std::string input = "IP\xEF\xBC\x9A\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x93 end";  // IP：２０３
  auto normalized = NormalizedText::Normalize(input);
  EXPECT_EQ(normalized.text(), "IP:203 end");
  auto span = normalized.ToInput(3, 6);
  EXPECT_EQ(span.begin, 5u);
  EXPECT_EQ(span.end, 14u);
  EXPECT_EQ(span.rewrites, static_cast<uint8_t>(Rewrite::kNfkc));
}

TEST(Normalize, InvalidUtf8IsCountedAndKept) {
  std::string input = "a\xFF\xC0\x80z\xE3\x81";
  auto normalized = NormalizedText::Normalize(input);
  EXPECT_EQ(normalized.text(), input);
  EXPECT_EQ(normalized.invalid_utf8_bytes(), 5u);
}

}  // namespace
}  // namespace hikeshi::intake
