// Hostile sizes: each limit gives an error or a named anomaly, never a crash. Big inputs are
// generated here, never committed.
#include <gtest/gtest.h>

#include <string>

#include "intake/mail.h"

namespace hikeshi::intake {
namespace {

bool HasAnomaly(const ParsedMail& mail, std::string_view name) {
  return std::find(mail.anomalies.begin(), mail.anomalies.end(), name) != mail.anomalies.end();
}

TEST(MailLimits, OverMessageSizeIsTooLarge) {
  MailLimits limits;
  limits.max_message_bytes = 100;
  Result<ParsedMail> mail = ParseMail(std::string(101, 'a'), limits);
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().code, ErrorCode::kTooLarge);
}

TEST(MailLimits, TenThousandPartsStopAtThePartLimit) {
  std::string raw = "Subject: many\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 10000; ++i) raw += "--b\nContent-Type: text/plain\n\npart\n";
  raw += "--b--\n";
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_TRUE(mail.has_value());
  EXPECT_TRUE(HasAnomaly(*mail, "limit-parts"));
  EXPECT_EQ(mail->texts.size(), MailLimits{}.max_parts - 1);  // the multipart counts as one
  EXPECT_EQ(mail->subject, "many");
}

TEST(MailLimits, FiftyMegabyteLineIsTooLargeByDefault) {
  std::string raw = "Subject: long\n\n" + std::string(50u << 20, 'x') + "\n";
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_FALSE(mail.has_value());
  EXPECT_EQ(mail.error().code, ErrorCode::kTooLarge);
}

TEST(MailLimits, FiftyMegabyteLineUnderARaisedSizeLimitIsAnAnomaly) {
  std::string raw = "Subject: long\n\n" + std::string(50u << 20, 'x') + "\n";
  MailLimits limits;
  limits.max_message_bytes = 64u << 20;
  Result<ParsedMail> mail = ParseMail(raw, limits);
  ASSERT_TRUE(mail.has_value());
  EXPECT_TRUE(HasAnomaly(*mail, "limit-line-length"));
  EXPECT_EQ(mail->subject, "long");
  ASSERT_EQ(mail->texts.size(), 1u);
  EXPECT_EQ(mail->texts[0].text.size(), (50u << 20) + 1);
}

TEST(MailLimits, DeepNestingStopsAtTheDepthLimit) {
  std::string raw;
  for (int i = 0; i < 50; ++i) {
    raw += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
           std::to_string(i) + "\n";
  }
  raw += "Content-Type: text/plain\n\ndeep\n";
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_TRUE(mail.has_value());
  EXPECT_TRUE(HasAnomaly(*mail, "limit-depth"));
  EXPECT_TRUE(mail->texts.empty());
}

TEST(MailLimits, DeeplyNestedMessagesStopAtTheDepthLimit) {
  std::string raw;
  for (int i = 0; i < 2000; ++i) raw += "Subject: level\nContent-Type: message/rfc822\n\n";
  raw += "Subject: bottom\n\nx\n";
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_TRUE(mail.has_value());
  std::size_t depth = 0;
  const ParsedMail* at = &*mail;
  while (!at->messages.empty()) {
    at = &at->messages.front();
    ++depth;
  }
  EXPECT_LE(depth, MailLimits{}.max_depth);
  EXPECT_TRUE(HasAnomaly(*at, "limit-depth") || HasAnomaly(*mail, "nesting-overflow"));
}

TEST(MailLimits, HeaderCountAndLength) {
  MailLimits limits;
  limits.max_headers = 10;
  limits.max_header_value_bytes = 100;
  std::string raw;
  for (int i = 0; i < 50; ++i) raw += "X-Filler: " + std::to_string(i) + "\n";
  raw = "Subject: " + std::string(500, 's') + "\n" + raw + "\nbody\n";
  Result<ParsedMail> mail = ParseMail(raw, limits);
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->headers.size(), 10u);
  EXPECT_TRUE(HasAnomaly(*mail, "limit-headers"));
  EXPECT_TRUE(HasAnomaly(*mail, "limit-header-value"));
  EXPECT_EQ(mail->headers[0].raw_value.size(), 100u);
}

TEST(MailLimits, HugeHeaderBlockDoesNotCrash) {
  std::string raw;
  for (int i = 0; i < 100000; ++i) raw += "X-H: v\n";
  raw += "\nbody\n";
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->headers.size(), MailLimits{}.max_headers);
  EXPECT_TRUE(HasAnomaly(*mail, "limit-headers"));
}

}  // namespace
}  // namespace hikeshi::intake
