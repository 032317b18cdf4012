#include "coord/arf_notice.h"

#include <gtest/gtest.h>

#include "coord/notice_mime.h"

namespace hikeshi::coord {
namespace {

SpamFeedback Sample() {
  return {.user_agent = "Hikeshi/0.1",
          .source_ip = "198.51.100.23",
          .arrival_date = FromMicros(1'796'603'405'000'000),  // 2026-12-07T00:30:05Z
          .original_mail_from = "bulk@spammer.example.com",
          .reported_domains = {"spammer.example.com"},
          .reported_uris = {"http://pills.spammer.example.com/ü"},
          .report_id = 9};
}

TEST(ArfNoticeTest, FieldsFollowRfc5965) {
  EXPECT_EQ(FeedbackReportFields(Sample()),
            "Feedback-Type: abuse\n"
            "User-Agent: Hikeshi/0.1\n"
            "Version: 1\n"
            "Original-Mail-From: <bulk@spammer.example.com>\n"
            "Arrival-Date: Mon, 07 Dec 2026 00:30:05 +0000\n"
            "Source-IP: 198.51.100.23\n"
            "Reported-Domain: spammer.example.com\n"
            "Reported-URI: http://pills.spammer.example.com/%C3%BC\n");
}

TEST(ArfNoticeTest, ValuesCannotAddFields) {
  SpamFeedback feedback = Sample();
  feedback.source_ip = "198.51.100.23\r\nFeedback-Type: not-spam";
  feedback.original_mail_from.clear();
  feedback.reported_domains.assign(100, "spammer.example.com");
  std::string fields = FeedbackReportFields(feedback);
  EXPECT_EQ(fields.find("\nFeedback-Type: not-spam"), std::string::npos) << fields;
  EXPECT_EQ(fields.find("Original-Mail-From"), std::string::npos);
  size_t domains = 0;
  for (size_t at = fields.find("Reported-Domain"); at != std::string::npos;
       at = fields.find("Reported-Domain", at + 1)) {
    ++domains;
  }
  EXPECT_EQ(domains, kMaxReportedValues);
}

TEST(ArfNoticeTest, AttachmentSurvivesItsColumn) {
  ArfAttachment attachment{.feedback_report = FeedbackReportFields(Sample()),
                           .original = {std::string("Subject: \xff\x00x\n", 13), true},
                           .report_id = 9};
  auto back = ArfAttachmentFromJson(ArfAttachmentToJson(attachment));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->feedback_report, attachment.feedback_report);
  EXPECT_EQ(back->original.bytes, attachment.original.bytes);
  EXPECT_TRUE(back->original.headers_only);
  EXPECT_EQ(back->report_id, 9);
  EXPECT_FALSE(ArfAttachmentFromJson("[{\"Version\":\"4\"}]"));  // an X-ARF notice
  EXPECT_FALSE(ArfAttachmentFromJson(""));
  EXPECT_FALSE(ArfAttachmentFromJson("{\"arf\": 1}"));
}

TEST(ArfNoticeTest, MimeIsAMultipartReportWithThreeParts) {
  MailMessage mail{.from = "csirt@example.net",
                   .to = "abuse@spammer.example.com",
                   .subject = "[hikeshi #7] Spam",
                   .body = "human part\n",
                   .message_id = "hikeshi-7@example.net",
                   .date = FromMicros(1'796'603'405'000'000),
                   .attachments = {{"xarf-1.json", "application/json", "{}"}}};
  mail.feedback_report =
      ArfAttachment{.feedback_report = FeedbackReportFields(Sample()),
                    .original = {"From: bulk@spammer.example.com\nSubject: pills\n\nbuy\n", false}};
  auto bytes = BuildMime(mail);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_NE(bytes->find("multipart/report"), std::string::npos) << *bytes;
  EXPECT_NE(bytes->find("report-type=feedback-report"), std::string::npos) << *bytes;
  EXPECT_NE(bytes->find("Content-Type: message/feedback-report"), std::string::npos);
  EXPECT_NE(bytes->find("Content-Type: message/rfc822"), std::string::npos);
  EXPECT_NE(bytes->find("Source-IP: 198.51.100.23\r\n"), std::string::npos);
  EXPECT_EQ(bytes->find("xarf-1.json"), std::string::npos);  // RFC 5965: three parts only

  mail.feedback_report->original = {"From: bulk@spammer.example.com\nTo: x@redacted.invalid\n",
                                    true};
  bytes = BuildMime(mail);
  ASSERT_TRUE(bytes);
  EXPECT_NE(bytes->find("Content-Type: text/rfc822-headers"), std::string::npos) << *bytes;
  EXPECT_EQ(bytes->find("message/rfc822"), std::string::npos);
}

}  // namespace
}  // namespace hikeshi::coord
