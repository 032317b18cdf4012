#include "intake/arf.h"

#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

constexpr std::string_view kRfc5965Example =
    "From: <abusedesk@example.com>\n"
    "Date: Thu, 8 Mar 2005 17:40:36 EDT\n"
    "Subject: FW: Earn money\n"
    "To: <abuse@example.net>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=feedback-report;\n"
    "     boundary=\"part1_13d.2e68ed54_boundary\"\n"
    "\n"
    "--part1_13d.2e68ed54_boundary\n"
    "Content-Type: text/plain; charset=\"US-ASCII\"\n"
    "\n"
    "This is an email abuse report for an email message received from IP\n"
    "192.0.2.1 on Thu, 8 Mar 2005 14:00:00 EDT.\n"
    "--part1_13d.2e68ed54_boundary\n"
    "Content-Type: message/feedback-report\n"
    "\n"
    "Feedback-Type: abuse\n"
    "User-Agent: SomeGenerator/1.0\n"
    "Version: 1\n"
    "Original-Mail-From: <somespammer@example.net>\n"
    "Original-Rcpt-To: <user@example.com>\n"
    "Arrival-Date: Thu, 8 Mar 2005 14:00:00 EDT\n"
    "Reporting-MTA: dns; mail.example.com\n"
    "Source-IP: 192.0.2.1\n"
    "Authentication-Results: mail.example.com;\n"
    "               spf=fail smtp.mail=somespammer@example.com\n"
    "Reported-Domain: example.net\n"
    "Reported-Uri: http://example.net/earn_money.html\n"
    "Reported-Uri: mailto:user@example.com\n"
    "Removal-Recipient: user@example.com\n"
    "Incidents: 3\n"
    "\n"
    "--part1_13d.2e68ed54_boundary\n"
    "Content-Type: message/rfc822\n"
    "Content-Disposition: inline\n"
    "\n"
    "From: <somespammer@example.net>\n"
    "Received: from mailserver.example.net (mailserver.example.net\n"
    "        [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;\n"
    "        Thu, 08 Mar 2005 14:00:00 -0400\n"
    "To: <Undisclosed Recipients>\n"
    "Subject: Earn money\n"
    "MIME-Version: 1.0\n"
    "Content-type: text/plain\n"
    "Message-ID: 8787KJKJ3K4J3K4J3K4J3.mail@example.net\n"
    "Date: Thu, 02 Sep 2004 12:31:03 -0500\n"
    "\n"
    "Spam Spam Spam\n"
    "--part1_13d.2e68ed54_boundary--\n";

TEST(Arf, Rfc5965Example) {
  Result<ParsedMail> mail = ParseMail(kRfc5965Example);
  ASSERT_TRUE(mail.has_value());
  ArfReport report = ParseArf(*mail);
  EXPECT_TRUE(report.found);
  EXPECT_EQ(report.feedback_type, "abuse");
  EXPECT_EQ(report.user_agent, "SomeGenerator/1.0");
  EXPECT_EQ(report.version, "1");
  EXPECT_EQ(report.original_mail_from, "somespammer@example.net");
  EXPECT_EQ(report.original_rcpt_to, std::vector<std::string>{"user@example.com"});
  ASSERT_TRUE(report.arrival_date.has_value());
  EXPECT_EQ(FormatRfc3339(*report.arrival_date), "2005-03-08T18:00:00.000000Z");
  EXPECT_EQ(report.reporting_mta, "dns; mail.example.com");
  EXPECT_EQ(report.source_ip, "192.0.2.1");
  EXPECT_EQ(report.incidents, 3);
  ASSERT_EQ(report.authentication_results.size(), 1u);
  EXPECT_EQ(report.authentication_results[0],
            "mail.example.com; spf=fail smtp.mail=somespammer@example.com");
  EXPECT_EQ(report.reported_domain, std::vector<std::string>{"example.net"});
  EXPECT_EQ(report.reported_uri, (std::vector<std::string>{"http://example.net/earn_money.html",
                                                           "mailto:user@example.com"}));
  EXPECT_EQ(report.removal_recipient, std::vector<std::string>{"user@example.com"});
  ASSERT_TRUE(report.original.has_value());
  EXPECT_EQ(report.original->subject, "Earn money");
  EXPECT_NE(report.human_text.find("192.0.2.1"), std::string::npos);
  EXPECT_TRUE(report.anomalies.empty()) << report.anomalies.front();
}

TEST(Arf, FieldDeviations) {
  ArfReport report;
  ParseFeedbackFields(
      "feedback-type: Fraud\r\nSource-Ip: [192.0.2.7]\r\nno colon here\r\n  orphan\r\n"
      "Received-Date: not a date\r\nIncidents: many\r\n",
      report);
  EXPECT_EQ(report.feedback_type, "fraud");
  EXPECT_EQ(report.source_ip, "192.0.2.7");
  EXPECT_EQ(report.arrival_date_text, "not a date");
  EXPECT_FALSE(report.arrival_date.has_value());
  EXPECT_FALSE(report.incidents.has_value());
  for (std::string_view name :
       {"bad-feedback-field", "received-date-field", "bad-arrival-date", "bad-incidents"}) {
    EXPECT_NE(std::find(report.anomalies.begin(), report.anomalies.end(), name),
              report.anomalies.end())
        << name;
  }
}

TEST(Arf, FieldCountIsBounded) {
  std::string body;
  for (int i = 0; i < 5000; ++i)
    body += "Reported-Uri: http://example.com/" + std::to_string(i) + "\n";
  ArfReport report;
  ParseFeedbackFields(body, report);
  EXPECT_EQ(report.fields.size(), 1000u);
  EXPECT_EQ(report.reported_uri.size(), 1000u);
}

TEST(Arf, MailWithoutReportStillYieldsTheForwardedMessage) {
  Result<ParsedMail> mail = ParseMail(
      "Subject: complaint\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
      "Content-Type: message/rfc822\n\nSubject: spam\n\nx\n--b--\n");
  ASSERT_TRUE(mail.has_value());
  ArfReport report = ParseArf(*mail);
  EXPECT_FALSE(report.found);
  ASSERT_TRUE(report.original.has_value());
  EXPECT_EQ(report.original->subject, "spam");
  EXPECT_EQ(report.anomalies, std::vector<std::string>{"no-feedback-report"});
}

// An ARF report forwarded by someone as an attachment is still found, one level down.
TEST(Arf, ForwardedReportIsFoundInsideTheForward) {
  std::string raw =
      "Subject: Fwd: FBL\nContent-Type: multipart/mixed; boundary=fw\n\n--fw\n"
      "Content-Type: text/plain\n\nplease look\n--fw\nContent-Type: message/rfc822\n\n";
  raw.append(kRfc5965Example);
  raw += "\n--fw--\n";
  Result<ParsedMail> mail = ParseMail(raw);
  ASSERT_TRUE(mail.has_value());
  ArfReport report = ParseArf(*mail);
  EXPECT_TRUE(report.found);
  EXPECT_EQ(report.source_ip, "192.0.2.1");
  ASSERT_TRUE(report.original.has_value());
  EXPECT_EQ(report.original->subject, "Earn money");
  EXPECT_NE(std::find(report.anomalies.begin(), report.anomalies.end(), "nested-feedback-report"),
            report.anomalies.end());
}

}  // namespace
}  // namespace hikeshi::intake
