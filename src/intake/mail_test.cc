#include "intake/mail.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/sha256.h"
#include "core/utf8.h"

namespace hikeshi::intake {
namespace {

ParsedMail Parse(std::string_view raw) {
  Result<ParsedMail> mail = ParseMail(raw);
  EXPECT_TRUE(mail.has_value());
  return mail ? std::move(*mail) : ParsedMail{};
}

bool HasAnomaly(const ParsedMail& mail, std::string_view name) {
  return std::find(mail.anomalies.begin(), mail.anomalies.end(), name) != mail.anomalies.end();
}

TEST(Mail, KeepsRawHeadersAndDecodesEncodedWords) {
  ParsedMail mail = Parse(
      "Received: from a.example (a.example [192.0.2.1])\n\tby b.example; Sun, 22 Nov 2026 "
      "00:00:00 +0000\n"
      "Subject: =?UTF-8?B?44OG44K544OI?=\n"
      "From: =?ISO-8859-1?Q?J=FCrgen?= <j@example.de>\n"
      "Message-ID: <id-1@example.de>\n"
      "References: <r1@example.de>\n  <r2@example.de>\n"
      "Date: Sun, 22 Nov 2026 09:00:00 +0900\n"
      "\n"
      "body\n");
  ASSERT_EQ(mail.headers.size(), 6u);
  EXPECT_EQ(mail.headers[0].name, "Received");
  EXPECT_EQ(mail.headers[0].raw_value,
            " from a.example (a.example [192.0.2.1])\n\tby b.example; Sun, 22 Nov 2026 00:00:00 "
            "+0000");
  EXPECT_EQ(mail.headers[1].raw_value, " =?UTF-8?B?44OG44K544OI?=");
  EXPECT_EQ(mail.subject, "テスト");
  EXPECT_EQ(mail.from, "Jürgen <j@example.de>");
  EXPECT_EQ(mail.message_id, "id-1@example.de");
  EXPECT_EQ(mail.references, (std::vector<std::string>{"r1@example.de", "r2@example.de"}));
  ASSERT_TRUE(mail.date.has_value());
  EXPECT_EQ(FormatRfc3339(*mail.date), "2026-11-22T00:00:00.000000Z");
  ASSERT_EQ(mail.texts.size(), 1u);
  EXPECT_EQ(mail.texts[0].text, "body\n");
  EXPECT_EQ(mail.texts[0].charset, "US-ASCII");
  EXPECT_FALSE(mail.texts[0].charset_declared);
}

TEST(Mail, JstDateAbbreviationIsNineHoursAhead) {
  ParsedMail mail = Parse("Date: Thu, 9 Apr 2006 23:34:45 JST\n\nx\n");
  ASSERT_TRUE(mail.date.has_value());
  EXPECT_EQ(FormatRfc3339(*mail.date), "2006-04-09T14:34:45.000000Z");
}

TEST(Mail, UnparseableDateIsKeptAsText) {
  ParsedMail mail = Parse("Date: yesterday-ish\n\nx\n");
  EXPECT_EQ(mail.date_text, "yesterday-ish");
  EXPECT_FALSE(mail.date.has_value());
}

TEST(Mail, AttachmentBytesAndHash) {
  ParsedMail mail = Parse(
      "Content-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain\n\nhello\n"
      "--b\nContent-Type: application/zip; name=\"=?UTF-8?B?5Lya6K2w?=.zip\"\n"
      "Content-Transfer-Encoding: base64\n\nUEsDBA==\n"
      "--b--\n");
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].filename, "会議.zip");
  EXPECT_EQ(mail.attachments[0].data, std::string("PK\x03\x04", 4));
  EXPECT_EQ(mail.attachments[0].sha256, Sha256Hex(std::string("PK\x03\x04", 4)));
  EXPECT_TRUE(mail.anomalies.empty());
}

TEST(Mail, BadBase64IsAnAnomalyAndTheBytesAreKept) {
  ParsedMail mail = Parse(
      "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
      "QUJD!!!RA=x=\n");
  EXPECT_TRUE(HasAnomaly(mail, "bad-base64"));
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_FALSE(mail.attachments[0].data.empty());
}

TEST(Mail, TruncatedMultipartIsAnAnomaly) {
  ParsedMail mail = Parse(
      "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nhalf a "
      "message");
  EXPECT_TRUE(HasAnomaly(mail, "truncated-multipart"));
  ASSERT_EQ(mail.texts.size(), 1u);
  EXPECT_EQ(mail.texts[0].text, "half a message");
}

TEST(Mail, NestedRfc822AndHeaderBlocks) {
  ParsedMail mail = Parse(
      "Subject: report\nContent-Type: multipart/mixed; boundary=o\n\n"
      "--o\nContent-Type: message/rfc822\n\nSubject: spam\nFrom: s@example.com\n\nbuy now\n"
      "--o\nContent-Type: text/rfc822-headers\n\nSubject: headers only\nReceived: from x by y\n"
      "--o--\n");
  ASSERT_EQ(mail.messages.size(), 2u);
  EXPECT_EQ(mail.messages[0].subject, "spam");
  EXPECT_FALSE(mail.messages[0].headers_only);
  ASSERT_EQ(mail.messages[0].texts.size(), 1u);
  EXPECT_EQ(mail.messages[0].texts[0].text, "buy now");  // the last newline is the boundary's
  EXPECT_EQ(mail.messages[1].subject, "headers only");
  EXPECT_TRUE(mail.messages[1].headers_only);
  EXPECT_EQ(mail.messages[1].Headers("received").size(), 1u);
}

TEST(Mail, BareCarriageReturnLineEnds) {
  ParsedMail mail = Parse("Subject: old mac\rFrom: a@b\r\rbody\r");
  EXPECT_EQ(mail.subject, "old mac");
  EXPECT_TRUE(HasAnomaly(mail, "cr-line-endings"));
}

TEST(Mail, GarbageStillGivesAResult) {
  for (std::string_view junk : {std::string_view(""), std::string_view("\0\0\0", 3),
                                std::string_view(":::::\n\n"), std::string_view("--b--\n")}) {
    Result<ParsedMail> mail = ParseMail(junk);
    EXPECT_TRUE(mail.has_value());
  }
}

// Found by mail_fuzz: an 8-bit header value with an out-of-range UTF-8 lead byte reached the
// record as ill-formed UTF-8.
TEST(Mail, HeaderWithOutOfRangeUtf8LeadByteIsWellFormed) {
  ParsedMail mail = Parse("MIME-Verrion: 1.0\xf6\xbc\x90\x87tent-Type: text/plain\n\nx\n");
  ASSERT_EQ(mail.headers.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(mail.headers[0].value));
  EXPECT_EQ(mail.headers[0].raw_value, " 1.0\xf6\xbc\x90\x87tent-Type: text/plain");
}

TEST(Mail, RawIso2022JpInAHeaderIsDecoded) {
  ParsedMail mail = Parse("Subject: \x1b$B%F%9%H\x1b(B\n\nx\n");
  EXPECT_EQ(mail.subject, "テスト");
  EXPECT_EQ(mail.headers[0].raw_value, " \x1b$B%F%9%H\x1b(B");
}

TEST(Mail, HeaderBlockAlone) {
  ParsedMail block = ParseHeaderBlock("Received: from a (a [192.0.2.1]) by b\nSubject: s\n");
  EXPECT_TRUE(block.headers_only);
  EXPECT_EQ(block.subject, "s");
  EXPECT_EQ(block.headers.size(), 2u);
}

// GMime is initialised by whichever thread comes first; parses share no state.
TEST(Mail, ParsesConcurrently) {
  const std::string raw =
      "Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=\nContent-Type: multipart/mixed; boundary=b\n\n"
      "--b\nContent-Type: text/plain; charset=shift_jis\n\n\x83\x65\x83\x58\x83\x67\n--b--\n";
  std::vector<std::thread> threads;
  std::atomic<int> good = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        Result<ParsedMail> mail = ParseMail(raw);
        if (mail && mail->subject == "テスト" && mail->texts.size() == 1 &&
            mail->texts[0].text == "テスト") {
          ++good;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 800);
}

}  // namespace
}  // namespace hikeshi::intake
