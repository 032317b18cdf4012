#include "intake/report_triage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr Timestamp kWhen{std::chrono::microseconds{1'790'000'000'000'000}};

Report Mail(std::string subject, std::string text) {
  Report report{.channel = "mail", .format = "mail"};
  report.subject = std::move(subject);
  report.text = std::move(text);
  report.reporter = "someone@example.net";
  return report;
}

Observable Ip(std::string value) {
  return {.kind = ObservableKind::kIpv4, .value = value, .original = value};
}

constexpr std::string_view kSshLog =
    "Nov 22 10:15:01 web1 sshd[811]: Failed password for root from 203.0.113.5 port 4711 ssh2\n"
    "Nov 22 10:15:03 web1 sshd[811]: Failed password for root from 203.0.113.5 port 4712 ssh2\n";

TEST(TriageReport, CompleteBruteForceReportIsNew) {
  Report report =
      Mail("Brute force from 203.0.113.5",
           "We see SSH brute force attempts from your network:\n\n" + std::string(kSshLog));
  report.observables = {Ip("203.0.113.5")};
  report.event_time = kWhen;
  TriageReport(report, {}, {});
  EXPECT_EQ(report.status, ReportStatus::kNew);
  EXPECT_EQ(report.category, Category::kIntrusion);
  EXPECT_EQ(report.rsit, Describe(Category::kIntrusion).rsit);
  EXPECT_EQ(report.triage_rule, "keyword \"brute force\" → intrusion");
  EXPECT_EQ(report.language, "en");
  EXPECT_THAT(report.missing_evidence, IsEmpty());
  EXPECT_THAT(report.draft_reply, IsEmpty());
}

TEST(TriageReport, JapaneseScanReportWithoutLogsNeedsInformationInJapanese) {
  Report report =
      Mail("ポートスキャンのご報告", "貴組織のネットワークからポートスキャンを受けています。");
  report.observables = {Ip("198.51.100.23")};
  TriageReport(report, {}, {});
  EXPECT_EQ(report.category, Category::kScan);
  EXPECT_EQ(report.language, "ja");
  EXPECT_EQ(report.status, ReportStatus::kNeedsInfo);
  EXPECT_THAT(report.missing_evidence, ElementsAre("time", "log-lines"));
  EXPECT_THAT(report.draft_reply, HasSubstr("件名: Re: ポートスキャンのご報告"));
  EXPECT_THAT(report.draft_reply, HasSubstr("事象の発生日時"));
  EXPECT_THAT(report.draft_reply, HasSubstr("事象を示すログ"));
  EXPECT_THAT(report.draft_reply, HasSubstr("連絡してよいか"));  // consent not stated
}

TEST(TriageReport, PhishingWithoutUrlNeedsItInEnglish) {
  Report report = Mail("Phishing site", "A phishing site imitates our bank.");
  report.event_time = kWhen;
  TriageReport(report, {.consent_stated = true}, {});
  EXPECT_EQ(report.category, Category::kPhishing);
  EXPECT_EQ(report.status, ReportStatus::kNeedsInfo);
  EXPECT_THAT(report.missing_evidence, ElementsAre("url"));
  EXPECT_THAT(report.draft_reply, HasSubstr(" - the URL of the reported site\n"));
  EXPECT_THAT(report.draft_reply, ::testing::Not(HasSubstr("pass your report")));
}

TEST(TriageReport, HigherRankedClassWins) {
  Report report = Mail("Spear-phishing", "標的型メール with a phishing link and spam");
  TriageReport(report, {}, {});
  EXPECT_EQ(report.category, Category::kTargetedAttack);
  EXPECT_EQ(report.status, ReportStatus::kNew);  // no evidence rule for targeted attacks
}

TEST(TriageReport, PlainSpamIsNotAnIncidentUnlessPolicySaysOtherwise) {
  Report spam = Mail("迷惑メールの報告", "迷惑メールが届きました。");
  TriageReport(spam, {}, {});
  EXPECT_EQ(spam.status, ReportStatus::kNotIncident);
  EXPECT_EQ(spam.not_incident_reason, NotIncidentReason::kSpam);
  EXPECT_EQ(spam.rsit, "abusive-content:spam");

  Report kept = Mail("Spam from your server", "Unsolicited mail.");
  TriageReport(kept, {}, {.spam_is_not_incident = false});
  EXPECT_EQ(kept.status, ReportStatus::kNeedsInfo);
  EXPECT_THAT(kept.missing_evidence, ElementsAre("full-headers"));

  Report with_headers = Mail("Spam from your server", "Unsolicited mail.");
  TriageReport(with_headers, {.full_headers = true}, {.spam_is_not_incident = false});
  EXPECT_EQ(with_headers.status, ReportStatus::kNew);
}

TEST(TriageReport, StructuredSpamCategoryIsRespected) {
  Report arf = Mail("FW: abuse report", "");
  arf.format = "arf";
  arf.category = Category::kOther;
  arf.rsit = "abusive-content:spam";
  arf.triage_rule = "ARF Feedback-Type abuse";
  TriageReport(arf, {.full_headers = true}, {});
  EXPECT_EQ(arf.status, ReportStatus::kNotIncident);
  EXPECT_EQ(arf.triage_rule, "ARF Feedback-Type abuse");  // the parser's rule is kept
}

TEST(TriageReport, OneClickFraud) {
  Report report = Mail("架空請求", "ワンクリック詐欺のサイトから請求が来ました");
  TriageReport(report, {}, {});
  EXPECT_EQ(report.status, ReportStatus::kNotIncident);
  EXPECT_EQ(report.not_incident_reason, NotIncidentReason::kOneClickFraud);
  Report kept = Mail("架空請求", "ワンクリック詐欺のサイトから請求が来ました");
  TriageReport(kept, {}, {.one_click_fraud_is_not_incident = false});
  EXPECT_EQ(kept.status, ReportStatus::kNew);
}

TEST(TriageReport, StructuredFeedNeedsNoLogExcerpt) {
  Report row{.channel = "feed", .format = "csv"};
  row.category = Category::kScan;
  row.rsit = "information-gathering:scanner";
  row.observables = {Ip("203.0.113.5")};
  row.event_time = kWhen;
  TriageReport(row, {}, {});
  EXPECT_EQ(row.status, ReportStatus::kNew);
}

TEST(TriageReport, ConsentFromTrustedSourcesUnlessStated) {
  TriagePolicy policy{.consenting_sources = {"@jpcert.or.jp", "soc@example.org"}};
  Report from_cc = Mail("x", "");
  from_cc.reporter = "Info@JPCERT.or.jp";
  TriageReport(from_cc, {}, policy);
  EXPECT_TRUE(from_cc.consent_to_share);
  Report stated = Mail("x", "");
  stated.reporter = "soc@example.org";
  TriageReport(stated, {.consent_stated = true}, policy);
  EXPECT_FALSE(stated.consent_to_share);
  Report stranger = Mail("x", "");
  TriageReport(stranger, {}, policy);
  EXPECT_FALSE(stranger.consent_to_share);
}

TEST(TriageReport, NothingMatchedIsOtherAndSaysSo) {
  Report report = Mail("Hello", "Just saying hi.");
  TriageReport(report, {}, {});
  EXPECT_EQ(report.category, Category::kOther);
  EXPECT_EQ(report.triage_rule, "no rule matched");
  EXPECT_EQ(report.status, ReportStatus::kNew);
}

TEST(TriageReport, DuplicatesAreLeftAlone) {
  Report report = Mail("spam", "spam");
  report.status = ReportStatus::kDuplicate;
  TriageReport(report, {}, {});
  EXPECT_EQ(report.status, ReportStatus::kDuplicate);
  EXPECT_FALSE(report.category);
}

TEST(HasLogLines, RecognisesCommonFormats) {
  EXPECT_TRUE(HasLogLines(kSshLog));
  EXPECT_TRUE(HasLogLines("> 2026-11-22T10:15:01+09:00 fw DROP\n> 2026-11-22 10:15:02 fw DROP\n"));
  EXPECT_TRUE(HasLogLines(
      "203.0.113.5 - - [22/Nov/2026:10:15:01 +0900] \"GET /wp-login.php HTTP/1.1\" 404 1\n"
      "203.0.113.5 - - [22/Nov/2026:10:15:02 +0900] \"GET /.env HTTP/1.1\" 404 1\n"));
  EXPECT_FALSE(HasLogLines("Nov 22 10:15:01 only one line\n"));
  EXPECT_FALSE(HasLogLines("Dear abuse team,\nplease stop it.\n"));
  EXPECT_FALSE(HasLogLines(""));
}

TEST(GuessLanguage, JapaneseAndEnglish) {
  EXPECT_EQ(GuessLanguage("不正アクセスの報告です。ご確認ください。"), "ja");
  EXPECT_EQ(GuessLanguage("Please check the attached logs from 203.0.113.5."), "en");
  EXPECT_EQ(GuessLanguage("Report about スキャン in the logs we attached for you to check."), "en");
  EXPECT_EQ(GuessLanguage(""), "en");
}

}  // namespace
}  // namespace hikeshi::intake
