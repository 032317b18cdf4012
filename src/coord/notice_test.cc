#include "coord/notice.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hikeshi::coord {
namespace {

NoticeRequest ScanNotice() {
  NoticeRequest request;
  request.category = Category::kScan;
  request.ticket = 42;
  request.team = "Example CSIRT";
  request.team_mail = "csirt@example.net";
  request.now = FromMicros(1'700'000'000'000'000);
  NoticeItem first{.incident_id = 3, .address = "198.51.100.7", .targets = {"192.0.2.10"}};
  first.evidence.push_back({.report_id = 1,
                            .reporter = "alice@site-a.example",
                            .consent_to_share = true,
                            .received_at = request.now,
                            .summary = "scan seen"});
  first.evidence.push_back({.report_id = 2,
                            .reporter = "bob@site-b.example",
                            .consent_to_share = false,
                            .received_at = request.now,
                            .summary = "ports 22, 23"});
  NoticeItem second{.incident_id = 5, .address = "198.51.100.8"};
  second.evidence.push_back({.report_id = 4, .received_at = request.now, .summary = "again"});
  request.items = {first, second};
  return request;
}

TEST(NoticeTest, AggregatesEveryAddressInOneNotice) {
  auto notice = RenderNotice(ScanNotice());
  ASSERT_TRUE(notice) << notice.error().message;
  EXPECT_TRUE(notice->subject.starts_with("[hikeshi #42] ")) << notice->subject;
  EXPECT_NE(notice->body.find("198.51.100.7"), std::string::npos);
  EXPECT_NE(notice->body.find("198.51.100.8"), std::string::npos);
  EXPECT_NE(notice->body.find("192.0.2.10"), std::string::npos);
  auto xarf = nlohmann::json::parse(notice->xarf);
  ASSERT_EQ(xarf.size(), 2u);
  EXPECT_EQ(xarf[0]["Version"], "4");
  EXPECT_EQ(xarf[0]["Report"]["ReportType"], "PortScan");
  EXPECT_EQ(xarf[0]["Report"]["SourceIp"], "198.51.100.7");
  EXPECT_EQ(xarf[1]["Report"]["SourceIp"], "198.51.100.8");
}

TEST(NoticeTest, ReporterWithoutConsentIsWithheld) {
  auto notice = RenderNotice(ScanNotice());
  ASSERT_TRUE(notice);
  EXPECT_NE(notice->body.find("alice@site-a.example"), std::string::npos);
  EXPECT_EQ(notice->body.find("bob@site-b.example"), std::string::npos);
  EXPECT_EQ(notice->xarf.find("bob@site-b.example"), std::string::npos);
  EXPECT_NE(notice->body.find("(withheld)"), std::string::npos);
}

TEST(NoticeTest, TlpRedNeverLeaves) {
  NoticeRequest request = ScanNotice();
  request.tlp = Tlp::kRed;
  auto notice = RenderNotice(request);
  ASSERT_FALSE(notice);
  EXPECT_EQ(notice.error().code, ErrorCode::kForbidden);
}

TEST(NoticeTest, JapaneseForJapanOrPreference) {
  EXPECT_EQ(ChooseLanguage("", "JP"), "ja");
  EXPECT_EQ(ChooseLanguage("en", "JP"), "en");
  EXPECT_EQ(ChooseLanguage("", "DE"), "en");
  EXPECT_EQ(ChooseLanguage("ja", ""), "ja");
  NoticeRequest request = ScanNotice();
  request.language = "ja";
  auto notice = RenderNotice(request);
  ASSERT_TRUE(notice);
  EXPECT_NE(notice->subject.find("スキャン"), std::string::npos) << notice->subject;
  EXPECT_NE(notice->body.find("ご担当者様"), std::string::npos);
}

TEST(NoticeTest, WarningNamesTheSource) {
  NoticeRequest request = ScanNotice();
  request.kind = "warning";
  request.items = {{.incident_id = 3, .address = "192.0.2.10", .source = "198.51.100.7"}};
  auto notice = RenderNotice(request);
  ASSERT_TRUE(notice);
  EXPECT_NE(notice->subject.find("Warning"), std::string::npos);
  EXPECT_NE(notice->body.find("192.0.2.10 probed by 198.51.100.7"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(notice->xarf)[0]["Report"]["DestinationIp"], "192.0.2.10");
}

TEST(NoticeTest, HostileSummaryCannotAddLinesOrMarkup) {
  NoticeRequest request = ScanNotice();
  request.items[0].evidence[0].summary = "x\r\nBcc: evil@example.org {{ticket}} <b>";
  auto notice = RenderNotice(request);
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->body.find("\nBcc:"), std::string::npos);
  EXPECT_NE(notice->body.find("{{ticket}} <b>"), std::string::npos);  // verbatim, not rendered
}

TEST(NoticeTest, EveryCategoryHasATemplateInBothLanguages) {
  for (const CategoryInfo& info : Categories()) {
    for (std::string_view language : {"ja", "en"}) {
      EXPECT_FALSE(NoticeTemplate(info.name, language).empty()) << info.name << language;
    }
  }
}

TEST(NoticeTest, EveryCategoryHasItsOwnTemplateInBothLanguages) {
  for (const CategoryInfo& info : Categories()) {
    for (std::string_view language : {"ja", "en"}) {
      std::string_view text = NoticeTemplate(info.name, language);
      ASSERT_FALSE(text.empty()) << info.name << "." << language;
      if (info.category == Category::kOther) continue;
      EXPECT_NE(text, NoticeTemplate("other", language)) << info.name << "." << language;
      EXPECT_TRUE(text.starts_with("Subject: {{{ticket}}} ")) << info.name << "." << language;
    }
  }
  NoticeRequest phishing = ScanNotice();
  phishing.category = Category::kPhishing;
  phishing.language = "ja";
  auto notice = RenderNotice(phishing);
  ASSERT_TRUE(notice) << notice.error().message;
  EXPECT_NE(notice->subject.find("フィッシングサイト"), std::string::npos) << notice->subject;
  EXPECT_NE(notice->body.find("198.51.100.7"), std::string::npos);
}

TEST(NoticeTest, SpamUsesItsOwnTemplateAndNoXarf) {
  NoticeRequest request = ScanNotice();
  request.category = Category::kOther;
  request.spam = true;
  auto notice = RenderNotice(request);
  ASSERT_TRUE(notice) << notice.error().message;
  EXPECT_NE(notice->subject.find("Spam"), std::string::npos) << notice->subject;
  EXPECT_NE(notice->body.find("RFC 5965"), std::string::npos);
  EXPECT_TRUE(notice->xarf.empty());
  request.language = "ja";
  notice = RenderNotice(request);
  ASSERT_TRUE(notice);
  EXPECT_NE(notice->subject.find("迷惑メール"), std::string::npos) << notice->subject;
}

}  // namespace
}  // namespace hikeshi::coord
