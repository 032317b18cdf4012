#include "server/coordination.h"

#include <gtest/gtest.h>

#include <map>

#include "coord/smtp_transport.h"
#include "server/api.h"
#include "server/handler_context.h"
#include "server/handlers.h"
#include "server/incident_notices.h"
#include "server/login_limiter.h"
#include "server/notification_flow.h"
#include "server/notification_outbox.h"

namespace hikeshi::server {
namespace {

// A small ownership table standing in for the index (issue 4 item 1).
class TableOwnership final : public OwnershipLookup {
 public:
  std::map<std::string, Ownership, std::less<>> table;
  std::optional<Ownership> Lookup(std::string_view query) const override {
    auto found = table.find(query);
    if (found == table.end()) return std::nullopt;
    return found->second;
  }
};

Timestamp Start() { return FromMicros(int64_t{1'790'000'000} * 1'000'000); }

class CoordinationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(":memory:");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    ownership_.table["198.51.100.7"] = {.netblock = "198.51.100.0/24",
                                        .owner = "Example Hosting KK",
                                        .country = "JP",
                                        .abuse_mailboxes = {"abuse@hosting.example"}};
    ownership_.table["198.51.101.8"] = ownership_.table["198.51.100.7"];
    ownership_.table["192.0.2.10"] = {
        .owner = "Site A", .country = "DE", .abuse_mailboxes = {"noc@site-a.example"}};
    options_.ownership = &ownership_;
    options_.notify.from = "csirt@team.example";
    options_.notify.cc = "cc@coordination.example";
  }

  Report Stored(std::string reporter, bool consent, std::vector<std::string> addresses,
                Timestamp at) {
    Report report{.channel = "api", .format = "json", .raw = "x", .received_at = at};
    report.reporter = std::move(reporter);
    report.consent_to_share = consent;
    report.subject = "Port scan";
    report.status = ReportStatus::kNew;
    report.category = Category::kScan;
    for (std::string& address : addresses) {
      report.observables.push_back({.kind = ObservableKind::kIpv4, .value = address});
    }
    auto stored = store_->AddReports({report});
    EXPECT_TRUE(stored);
    return stored->front();
  }

  // Two reporters about 198.51.100.7; returns the second report's result.
  CoordinationResult TwoReporters() {
    Report first = Stored("alice@site-a.example", true, {"198.51.100.7", "192.0.2.10"}, Start());
    EXPECT_FALSE(CoordinateReport(*store_, first, options_, Start()).value().incident_id);
    Report second = Stored("bob@site-b.example", false, {"198.51.100.7", "203.0.113.20"},
                           Start() + std::chrono::hours(1));
    return CoordinateReport(*store_, second, options_, Start() + std::chrono::hours(1)).value();
  }

  std::vector<Notification> Notices(int64_t incident_id) {
    return store_->ListNotifications({.incident_id = incident_id}).value();
  }

  std::unique_ptr<Store> store_;
  TableOwnership ownership_;
  CoordinationOptions options_;
};

TEST_F(CoordinationTest, TwoReportersOpenOneIncidentWithLinksAndNotices) {
  CoordinationResult result = TwoReporters();
  ASSERT_TRUE(result.incident_id);
  EXPECT_TRUE(result.opened);
  Incident incident = store_->GetIncident(*result.incident_id).value();
  EXPECT_EQ(incident.title, "Source likely compromised: 198.51.100.7");
  EXPECT_NE(incident.description.find("192.0.2.10"), std::string::npos);
  EXPECT_EQ(store_->GetReport(1)->incident_id, result.incident_id);
  EXPECT_EQ(store_->GetReport(2)->status, ReportStatus::kAccepted);

  auto links = store_->ListIncidentLinks(*result.incident_id).value();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].rule, "same-source");
  EXPECT_EQ(links[1].rule, "multiple-reporters");
  EXPECT_EQ(links[1].report_ids, (std::vector<int64_t>{2, 1}));

  auto notices = Notices(*result.incident_id);
  ASSERT_EQ(notices.size(), 2u);  // the abuse notice, and a warning to the one known target
  const Notification& warning = notices[0];
  const Notification& abuse = notices[1];
  EXPECT_EQ(abuse.kind, "abuse");
  EXPECT_EQ(abuse.state, "draft");
  EXPECT_EQ(abuse.recipient, "abuse@hosting.example");
  EXPECT_EQ(abuse.language, "ja");  // JP owner
  EXPECT_EQ(abuse.cc, "cc@coordination.example");
  EXPECT_TRUE(abuse.subject.starts_with("[hikeshi #" + std::to_string(abuse.id) + "]"));
  EXPECT_NE(abuse.attachment.find("\"PortScan\""), std::string::npos);
  EXPECT_EQ(warning.kind, "warning");
  EXPECT_EQ(warning.recipient, "noc@site-a.example");
  EXPECT_EQ(warning.language, "en");
  EXPECT_NE(warning.body.find("192.0.2.10 probed by 198.51.100.7"), std::string::npos);
}

TEST_F(CoordinationTest, ReporterWithoutConsentNeverReachesTheNotice) {
  CoordinationResult result = TwoReporters();
  Notification abuse = Notices(*result.incident_id)[1];
  EXPECT_NE(abuse.body.find("alice@site-a.example"), std::string::npos);
  EXPECT_EQ(abuse.body.find("bob@site-b.example"), std::string::npos);
  EXPECT_EQ(abuse.items.find("bob@site-b.example"), std::string::npos);
  EXPECT_EQ(abuse.attachment.find("bob@site-b.example"), std::string::npos);
}

TEST_F(CoordinationTest, OneDraftPerRecipientAndPeriodListsEveryAddress) {
  CoordinationResult first = TwoReporters();
  Report third =
      Stored("carol@site-c.example", true, {"198.51.101.8"}, Start() + std::chrono::minutes(70));
  ASSERT_TRUE(CoordinateReport(*store_, third, options_, Start() + std::chrono::minutes(70)));
  Report last =
      Stored("dave@site-d.example", true, {"198.51.101.8"}, Start() + std::chrono::minutes(75));
  CoordinationResult second =
      CoordinateReport(*store_, last, options_, Start() + std::chrono::minutes(75)).value();
  ASSERT_TRUE(second.incident_id);
  EXPECT_NE(second.incident_id, first.incident_id);  // another source and /24: another incident
  auto drafts = store_->ListNotifications({.recipient = "abuse@hosting.example"}).value();
  ASSERT_EQ(drafts.size(), 1u);
  EXPECT_NE(drafts[0].body.find("198.51.100.7"), std::string::npos);
  EXPECT_NE(drafts[0].body.find("198.51.101.8"), std::string::npos);
  EXPECT_EQ(drafts[0].incident_ids.size(), 2u);
}

TEST_F(CoordinationTest, TlpRedIsRefusedAtApproval) {
  CoordinationResult result = TwoReporters();
  Notification abuse = Notices(*result.incident_id)[1];
  auto raise = [](Incident& incident) -> Result<std::optional<WorkLogDraft>> {
    incident.tlp = Tlp::kRed;
    return std::optional<WorkLogDraft>{WorkLogDraft{"updated", "tlp red"}};
  };
  ASSERT_TRUE(store_->MutateIncident(*result.incident_id, raise, "lead", Start()));
  auto approved = ApproveNotification(*store_, options_.notify, abuse.id, "lead", Start());
  ASSERT_FALSE(approved);
  EXPECT_EQ(approved.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(store_->GetNotification(abuse.id)->state, "refused");
}

TEST_F(CoordinationTest, TlpRedIncidentGetsNoDraft) {
  CoordinationResult result = TwoReporters();
  ASSERT_TRUE(result.incident_id);
  auto raise = [](Incident& incident) -> Result<std::optional<WorkLogDraft>> {
    incident.tlp = Tlp::kRed;
    return std::optional<WorkLogDraft>{WorkLogDraft{"updated", "tlp red"}};
  };
  ASSERT_TRUE(store_->MutateIncident(*result.incident_id, raise, "lead", Start()));
  coord::NoticeItem item{.incident_id = *result.incident_id, .address = "198.51.100.7"};
  auto draft = DraftNotice(*store_, options_.notify, "abuse", "other@x.example", "en",
                           Category::kScan, item, Start() + std::chrono::hours(5));
  ASSERT_FALSE(draft);
  EXPECT_EQ(draft.error().code, ErrorCode::kForbidden);
  EXPECT_TRUE(store_->ListNotifications({.recipient = "other@x.example"})->empty());
}

TEST_F(CoordinationTest, ApprovedNoticesAreDeliveredWithBackoffAndThreadedBack) {
  CoordinationResult result = TwoReporters();
  Notification abuse = Notices(*result.incident_id)[1];
  ASSERT_TRUE(ApproveNotification(*store_, options_.notify, abuse.id, "lead", Start()));
  coord::CapturingMailTransport transport;
  transport.FailNext(1);
  FakeClock clock(Start() + std::chrono::hours(2));
  EXPECT_EQ(DeliverDueOnce(*store_, options_.notify, transport, clock, 10).value(), 0);
  Notification failed = store_->GetNotification(abuse.id).value();
  EXPECT_EQ(failed.state, "approved");
  EXPECT_EQ(failed.attempts, 1);
  EXPECT_EQ(failed.next_attempt_at, clock.Now() + std::chrono::seconds(60));
  EXPECT_EQ(DeliverDueOnce(*store_, options_.notify, transport, clock, 10).value(), 0);  // not due
  clock.Advance(std::chrono::seconds(61));
  EXPECT_EQ(DeliverDueOnce(*store_, options_.notify, transport, clock, 10).value(), 1);
  auto sent = transport.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].recipients,
            (std::vector<std::string>{"abuse@hosting.example", "cc@coordination.example"}));
  EXPECT_NE(sent[0].message.find("xarf-1.json"), std::string::npos);
  EXPECT_EQ(store_->GetNotification(abuse.id)->state, "sent");

  // The owner answers, keeping the tag: the notice is resolved and the reply joins the incident.
  Report reply{.channel = "mail",
               .format = "mail",
               .raw = "Subject: x\r\n\r\nbody",
               .received_at = clock.Now()};
  reply.reporter = "abuse@hosting.example";
  reply.subject = "Re: " + abuse.subject;
  reply.text = "当該サーバは停止し、対応済みです。";
  reply.status = ReportStatus::kNew;
  reply = store_->AddReports({reply}).value().front();
  CoordinationResult threaded = CoordinateReport(*store_, reply, options_, clock.Now()).value();
  EXPECT_EQ(threaded.reply_to, abuse.id);
  EXPECT_EQ(threaded.incident_id, result.incident_id);
  EXPECT_EQ(store_->GetNotification(abuse.id)->state, "resolved");
}

// POST /notifications/{id}/send as another server's outbox delivers the same notice: refused
// (409), nothing sent; after that claim's lease, and despite retry backoff, it goes out once.
TEST_F(CoordinationTest, SendNowRefusesWhileAnotherServerIsDeliveringIt) {
  CoordinationResult result = TwoReporters();
  Notification abuse = Notices(*result.incident_id)[1];
  ASSERT_TRUE(ApproveNotification(*store_, options_.notify, abuse.id, "lead", Start()));
  coord::CapturingMailTransport transport;
  ApiOptions api;
  api.coordination.transport = &transport;
  api.coordination.claim_lease = std::chrono::minutes(3);
  ApiRequest request{.method = "POST"};
  LoginLimiter logins;
  LoginLimiter public_reports;
  std::string id = std::to_string(abuse.id);
  auto send_now = [&](Timestamp now) {
    HandlerContext context{.request = request,
                           .store = *store_,
                           .now = now,
                           .options = api,
                           .login_limiter = logins,
                           .public_report_limiter = public_reports};
    context.parameters.Add("id", id);
    return SendNotificationAction(context);
  };

  Timestamp now = Start() + std::chrono::hours(2);
  ASSERT_EQ(store_->ClaimDueNotifications(std::chrono::minutes(3), now, 10)->size(), 1u);
  auto refused = send_now(now + std::chrono::seconds(5));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("another server"), std::string::npos);
  EXPECT_TRUE(transport.sent().empty());

  // That server died; its lease ended. A failed attempt then put the notice in backoff.
  now += std::chrono::minutes(3);
  transport.FailNext(1);
  EXPECT_FALSE(send_now(now));  // 503: not sent, retried later
  Notification failed = store_->GetNotification(abuse.id).value();
  EXPECT_GT(failed.next_attempt_at, now);
  EXPECT_FALSE(failed.claimed_until);
  auto sent = send_now(now + std::chrono::seconds(1));
  ASSERT_TRUE(sent) << sent.error().message;
  EXPECT_EQ(sent->status, 200);
  EXPECT_EQ(transport.sent().size(), 1u);
  Notification done = store_->GetNotification(abuse.id).value();
  EXPECT_EQ(done.state, "sent");
  EXPECT_FALSE(done.claimed_until);
}

TEST_F(CoordinationTest, ReplyByInReplyToFromAnotherSenderOnlyMarksReplied) {
  CoordinationResult result = TwoReporters();
  Notification abuse = Notices(*result.incident_id)[1];
  ASSERT_TRUE(ApproveNotification(*store_, options_.notify, abuse.id, "lead", Start()));
  coord::CapturingMailTransport transport;
  ASSERT_EQ(DeliverNotification(*store_, options_.notify, transport, abuse.id, Start())->state,
            "sent");
  Report reply{.channel = "mail",
               .format = "mail",
               .raw = "In-Reply-To: <" + abuse.message_id + ">\r\n\r\nfixed",
               .received_at = Start()};
  reply.reporter = "someone@else.example";
  reply.subject = "about your mail";
  reply.text = "fixed";
  reply = store_->AddReports({reply}).value().front();
  EXPECT_EQ(CoordinateReport(*store_, reply, options_, Start())->reply_to, abuse.id);
  EXPECT_EQ(store_->GetNotification(abuse.id)->state, "replied");  // not the recipient
}

TEST_F(CoordinationTest, AutomaticPolicyApprovesAndLogsTheDecision) {
  options_.notify.policies.push_back(
      {.category = Category::kScan, .action = "warn first", .automatic = true});
  CoordinationResult result = TwoReporters();
  Notification abuse = Notices(*result.incident_id)[1];
  EXPECT_EQ(abuse.state, "approved");
  EXPECT_EQ(abuse.approved_by, "policy:scan");
  EXPECT_NE(abuse.body.find("warn first"), std::string::npos);
  auto log = store_->ListWorkLog(*result.incident_id).value();
  bool decided = false;
  for (const WorkLogEntry& entry : log) {
    decided |= entry.action == "decision" && entry.responder == "policy:scan";
  }
  EXPECT_TRUE(decided);
}

TEST_F(CoordinationTest, WithoutOwnershipNothingIsDraftedButTheIncidentOpens) {
  options_.ownership = nullptr;
  CoordinationResult result = TwoReporters();
  ASSERT_TRUE(result.incident_id);
  EXPECT_TRUE(Notices(*result.incident_id).empty());
}

TEST_F(CoordinationTest, NeedsInfoReportJoinsTheIncidentAsEvidence) {
  CoordinationResult result = TwoReporters();
  ASSERT_TRUE(result.incident_id);
  Report third =
      Stored("carol@site-c.example", true, {"198.51.100.7"}, Start() + std::chrono::hours(2));
  third.status = ReportStatus::kNeedsInfo;
  third = store_->UpdateReport(third).value();
  CoordinationResult joined =
      CoordinateReport(*store_, third, options_, Start() + std::chrono::hours(2)).value();
  EXPECT_EQ(joined.incident_id, result.incident_id);
  EXPECT_FALSE(joined.opened);
  EXPECT_EQ(store_->GetReport(third.id)->incident_id, result.incident_id);
  EXPECT_EQ(store_->GetReport(third.id)->status, ReportStatus::kAccepted);
}

TEST_F(CoordinationTest, NeedsInfoReportsNeverOpenAnIncident) {
  Report first = Stored("alice@site-a.example", true, {"198.51.100.7"}, Start());
  first.status = ReportStatus::kNeedsInfo;
  first = store_->UpdateReport(first).value();
  EXPECT_FALSE(CoordinateReport(*store_, first, options_, Start()).value().incident_id);
  Report second =
      Stored("bob@site-b.example", true, {"198.51.100.7"}, Start() + std::chrono::hours(1));
  second.status = ReportStatus::kNeedsInfo;
  second = store_->UpdateReport(second).value();
  CoordinationResult result =
      CoordinateReport(*store_, second, options_, Start() + std::chrono::hours(1)).value();
  EXPECT_FALSE(result.incident_id);
  EXPECT_TRUE(store_->ListNotifications({}).value().empty());
}

class IncidentNoticeTest : public CoordinationTest {
 protected:
  // An incident made by hand (category phishing) with one accepted report naming `addresses`.
  int64_t HandMadeIncident(std::vector<std::string> addresses) {
    auto made = MakeIncident({.title = "Phishing", .category = Category::kPhishing}, Start());
    EXPECT_TRUE(made);
    auto created = store_->CreateIncident(made->first, made->second, "rita").value();
    Report report = Stored("victim@example.org", false, std::move(addresses), Start());
    report.observables.push_back({.kind = ObservableKind::kUrl,
                                  .value = "http://phish.example.net/login",
                                  .registrable_domain = "example.net"});
    report.observables.push_back({.kind = ObservableKind::kIpv4,
                                  .value = "10.0.0.1",
                                  .flags = static_cast<uint32_t>(ObservableFlag::kPrivate)});
    report.status = ReportStatus::kAccepted;
    report.incident_id = created.first.id;
    EXPECT_TRUE(store_->UpdateReport(report));
    return created.first.id;
  }
};

TEST_F(IncidentNoticeTest, OneDraftPerOwnerAndAskingTwiceAddsNothing) {
  ownership_.table["phish.example.net"] = {
      .owner = "Web Host", .country = "US", .abuse_mailboxes = {"abuse@webhost.example"}};
  int64_t incident = HandMadeIncident({"198.51.100.7", "198.51.101.8", "203.0.113.99"});
  auto drafted = DraftIncidentNotices(*store_, options_, incident, {}, "rita", Start());
  ASSERT_TRUE(drafted) << drafted.error().message;
  // 198.51.100.7 and .101.8 share an owner: one notice listing both; the URL's host another.
  ASSERT_EQ(drafted->notifications.size(), 2u);
  const Notification& hosting = drafted->notifications[0];
  EXPECT_EQ(hosting.recipient, "abuse@hosting.example");
  EXPECT_EQ(hosting.language, "ja");  // country JP
  EXPECT_EQ(hosting.category, "phishing");
  EXPECT_NE(hosting.body.find("198.51.100.7"), std::string::npos);
  EXPECT_NE(hosting.body.find("198.51.101.8"), std::string::npos);
  EXPECT_NE(hosting.body.find("(withheld)"), std::string::npos);
  EXPECT_EQ(hosting.body.find("victim@example.org"), std::string::npos);
  EXPECT_EQ(drafted->notifications[1].recipient, "abuse@webhost.example");
  EXPECT_NE(drafted->notifications[1].body.find("http://phish.example.net/login"),
            std::string::npos);
  // No owner: skipped and said so; the private address is nobody's to tell.
  ASSERT_EQ(drafted->skipped.size(), 1u);
  EXPECT_EQ(drafted->skipped[0].address, "203.0.113.99");

  auto again = DraftIncidentNotices(*store_, options_, incident, {}, "rita", Start());
  ASSERT_TRUE(again);
  ASSERT_EQ(again->notifications.size(), 2u);
  EXPECT_EQ(again->notifications[0].id, hosting.id);
  EXPECT_EQ(again->notifications[0].items, hosting.items);
  EXPECT_EQ(Notices(incident).size(), 2u);
}

TEST_F(IncidentNoticeTest, OneChosenRecipientOrContact) {
  int64_t incident = HandMadeIncident({"198.51.100.7"});
  auto to = DraftIncidentNotices(*store_, options_, incident,
                                 {.to = "desk@cc.example", .language = "ja"}, "rita", Start());
  ASSERT_TRUE(to) << to.error().message;
  ASSERT_EQ(to->notifications.size(), 1u);  // the address and the URL in one notice
  EXPECT_EQ(to->notifications[0].recipient, "desk@cc.example");
  EXPECT_EQ(to->notifications[0].language, "ja");
  EXPECT_TRUE(to->skipped.empty());

  Contact peer{.name = "Peer", .emails = {"irt@peer.example"}, .language = "en"};
  int64_t contact = store_->SaveContact(peer).value().id;
  auto by_contact =
      DraftIncidentNotices(*store_, options_, incident, {.contact_id = contact}, "rita", Start());
  ASSERT_TRUE(by_contact) << by_contact.error().message;
  EXPECT_EQ(by_contact->notifications[0].recipient, "irt@peer.example");
  EXPECT_EQ(by_contact->notifications[0].language, "en");

  EXPECT_EQ(DraftIncidentNotices(*store_, options_, incident, {.kind = "spam"}, "r", Start())
                .error()
                .code,
            ErrorCode::kInvalid);
  EXPECT_EQ(
      DraftIncidentNotices(*store_, options_, incident, {.to = "a b"}, "r", Start()).error().code,
      ErrorCode::kInvalid);
  EXPECT_EQ(DraftIncidentNotices(*store_, options_, incident, {.contact_id = 999}, "r", Start())
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(DraftIncidentNotices(*store_, options_, 999, {}, "r", Start()).error().code,
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace hikeshi::server
