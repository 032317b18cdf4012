// ARF for spam through the store-backed flow, and back through our own intake parser: what we
// send must be what intake/arf.cc reads (issue 4, "ARF for spam").
#include "server/spam_arf.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "intake/arf.h"
#include "intake/mail.h"
#include "server/incident_notices.h"
#include "server/notification_flow.h"

namespace hikeshi::server {
namespace {

class OneOwner final : public OwnershipLookup {
 public:
  std::optional<Ownership> Lookup(std::string_view query) const override {
    if (query != "198.51.100.23") return std::nullopt;
    return Ownership{.netblock = "198.51.100.0/24",
                     .owner = "Bulk Mail Hosting",
                     .country = "US",
                     .abuse_mailboxes = {"abuse@hosting.example"}};
  }
};

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(HIKESHI_TEST_DATA) + "/spam_arf/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Timestamp Start() { return FromMicros(int64_t{1'796'610'000} * 1'000'000); }

class SpamArfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenStore(":memory:").value());
    options_.ownership = &owner_;
    options_.notify.from = "csirt@team.example";
  }

  // A team that triages spam as an incident: category other, one accepted spam report.
  int64_t SpamIncident(bool consent, int reports = 1, Tlp tlp = Tlp::kAmber,
                       std::string format = "mail") {
    auto made =
        MakeIncident({.title = "Spam run", .category = Category::kOther, .tlp = tlp}, Start());
    int64_t id = store_->CreateIncident(made->first, made->second, "rita").value().first.id;
    for (int i = 0; i < reports; ++i) {
      Report report{.channel = "mail",
                    .format = format,
                    .raw = ReadData("forwarded-spam.eml"),
                    .received_at = Start() + std::chrono::minutes(i)};
      report.reporter = "alice@reporter.example.jp";
      report.consent_to_share = consent;
      report.subject = "Fwd: Cheap pills";
      report.rsit = "abusive-content:spam";
      report.status = ReportStatus::kAccepted;
      report.category = Category::kOther;
      report.observables = {
          {.kind = ObservableKind::kIpv4, .value = "198.51.100.23"},
          {.kind = ObservableKind::kDomain, .value = "spammer.example.com"},
          {.kind = ObservableKind::kDomain, .value = "reporter.example.jp"},
          {.kind = ObservableKind::kUrl,
           .value = "http://pills.spammer.example.com/?u=alice%40reporter.example.jp"}};
      report = store_->AddReports({report}).value().front();
      report.incident_id = id;
      EXPECT_TRUE(store_->UpdateReport(report));
    }
    return id;
  }

  Notification DraftToOwner(int64_t incident) {
    auto drafted = DraftIncidentNotices(*store_, options_, incident, {}, "rita", Start());
    EXPECT_TRUE(drafted) << drafted.error().message;
    for (const Notification& n : drafted->notifications) {
      if (n.recipient == "abuse@hosting.example") return n;
    }
    ADD_FAILURE() << "no notice to the source's owner";
    return {};
  }

  // The notice as sent, read back by intake.
  intake::ArfReport SentAndParsed(const Notification& n, std::string* bytes) {
    auto mime = NotificationMime(options_.notify, n, Start());
    EXPECT_TRUE(mime) << mime.error().message;
    *bytes = *mime;
    auto parsed = intake::ParseMail(*mime);
    EXPECT_TRUE(parsed);
    return intake::ParseArf(*parsed);
  }

  std::unique_ptr<Store> store_;
  OneOwner owner_;
  CoordinationOptions options_;
};

TEST_F(SpamArfTest, RoundTripsThroughOurArfParser) {
  Notification n = DraftToOwner(SpamIncident(/*consent=*/false));
  EXPECT_NE(n.subject.find("Spam"), std::string::npos) << n.subject;
  std::string bytes;
  intake::ArfReport arf = SentAndParsed(n, &bytes);
  ASSERT_TRUE(arf.found) << bytes;
  EXPECT_EQ(arf.feedback_type, "abuse");
  EXPECT_EQ(arf.version, "1");
  EXPECT_TRUE(arf.user_agent.starts_with("Hikeshi/")) << arf.user_agent;
  EXPECT_EQ(arf.source_ip, "198.51.100.23");
  ASSERT_TRUE(arf.arrival_date);
  EXPECT_EQ(*arf.arrival_date, FromMicros(int64_t{1'796'603'405} * 1'000'000));
  EXPECT_EQ(arf.original_mail_from, "bulk@spammer.example.com");
  EXPECT_EQ(arf.reported_domain, (std::vector<std::string>{"spammer.example.com"}));
  EXPECT_TRUE(arf.reported_uri.empty());  // it carries the reporter's address
  EXPECT_TRUE(arf.original_rcpt_to.empty());
  ASSERT_TRUE(arf.original);
  EXPECT_TRUE(arf.original->headers_only);
  EXPECT_EQ(arf.original->message_id, "spam-77@spammer.example.com");
  EXPECT_NE(arf.human_text.find("RFC 5965"), std::string::npos);
  for (std::string_view anomaly :
       {"missing-report-type", "not-multipart-report", "missing-feedback-type",
        "missing-user-agent", "missing-version", "no-original-message"}) {
    EXPECT_EQ(std::count(arf.anomalies.begin(), arf.anomalies.end(), anomaly), 0) << anomaly;
  }
  // Without consent the reporter is nowhere in what leaves.
  EXPECT_EQ(bytes.find("alice"), std::string::npos) << bytes;
  EXPECT_EQ(bytes.find("xarf-1.json"), std::string::npos);
}

TEST_F(SpamArfTest, WithConsentTheWholeSpamIsAttached) {
  Notification n = DraftToOwner(SpamIncident(/*consent=*/true));
  std::string bytes;
  intake::ArfReport arf = SentAndParsed(n, &bytes);
  ASSERT_TRUE(arf.found);
  EXPECT_EQ(arf.original_rcpt_to, (std::vector<std::string>{"alice@reporter.example.jp"}));
  ASSERT_TRUE(arf.original);
  EXPECT_FALSE(arf.original->headers_only);
  EXPECT_EQ(arf.original->subject, "Cheap pills for Alice@Reporter.example.jp");
  ASSERT_FALSE(arf.original->texts.empty());
  EXPECT_NE(arf.original->texts.front().text.find("Dear alice"), std::string::npos);
}

TEST_F(SpamArfTest, SeveralSpamMailsAreOneNoticeWithTheFirstAsArf) {
  int64_t incident = SpamIncident(/*consent=*/false, /*reports=*/3);
  Notification n = DraftToOwner(incident);
  auto attachment = coord::ArfAttachmentFromJson(n.attachment);
  ASSERT_TRUE(attachment) << n.attachment;
  EXPECT_EQ(attachment->report_id, 1);  // the oldest
  for (std::string_view id : {"report 1 ", "report 2 ", "report 3 "}) {
    EXPECT_NE(n.body.find(id), std::string::npos) << n.body;
  }
  EXPECT_EQ(store_->ListNotifications({.recipient = "abuse@hosting.example"}).value().size(), 1u);
}

TEST_F(SpamArfTest, OtherCategoriesAndWarningsKeepXarf) {
  int64_t incident = SpamIncident(false);
  ASSERT_TRUE(store_->MutateIncident(
      incident,
      [](Incident& i) -> Result<std::optional<WorkLogDraft>> {
        i.category = Category::kPhishing;
        return std::optional<WorkLogDraft>{WorkLogDraft{"edited", "category: phishing"}};
      },
      "rita", Start()));
  Notification n = DraftToOwner(incident);
  EXPECT_FALSE(coord::ArfAttachmentFromJson(n.attachment));
  EXPECT_NE(n.attachment.find("\"Version\": \"4\""), std::string::npos) << n.attachment;
  auto none = SpamArfFor(*store_, "warning", Category::kOther, {});
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

// A spam report that came as JSON (the API, a form) has no mail to attach: X-ARF as before.
TEST_F(SpamArfTest, SpamWithoutAMailKeepsXarf) {
  Notification n = DraftToOwner(SpamIncident(false, 1, Tlp::kAmber, "json"));
  EXPECT_EQ(n.subject.find("Spam"), std::string::npos) << n.subject;
  EXPECT_FALSE(coord::ArfAttachmentFromJson(n.attachment));
  EXPECT_NE(n.attachment.find("\"Version\": \"4\""), std::string::npos) << n.attachment;
}

TEST_F(SpamArfTest, TlpRedSpamNeverLeaves) {
  int64_t incident = SpamIncident(true, 1, Tlp::kRed);
  auto drafted = DraftIncidentNotices(*store_, options_, incident, {}, "rita", Start());
  ASSERT_FALSE(drafted);
  EXPECT_EQ(drafted.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(store_->ListNotifications({}).value().empty());
}

}  // namespace
}  // namespace hikeshi::server
