// Recipient resolution end to end through coordination and the API: a contact-directory
// contact covering the source beats the RPSL abuse mailbox, the country's coordination centre
// is Cc'd, and the notification says which source chose its recipient.
#include "server/recipients.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "coord/smtp_transport.h"
#include "server/api.h"
#include "server/handler_context.h"
#include "server/handlers.h"
#include "server/login_limiter.h"
#include "server/notification_flow.h"

namespace hikeshi::server {
namespace {

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

class RecipientsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(OpenStore(":memory:").value());
    ownership_.table["198.51.100.7"] = {.netblock = "198.51.100.0/24",
                                        .owner = "Example Hosting KK",
                                        .country = "JP",
                                        .abuse_mailboxes = {"abuse@hosting.example"},
                                        .source = "apnic",
                                        .national_csirt = "table@csirt.jp.example"};
    ownership_.table["192.0.2.10"] = {.netblock = "192.0.2.0/24",
                                      .owner = "Site A",
                                      .country = "DE",
                                      .abuse_mailboxes = {"noc@site-a.example"},
                                      .source = "ripe"};
    api_.coordination.ownership = &ownership_;
    api_.coordination.notify.from = "csirt@team.example";
    api_.coordination.notify.cc = "cc@us.example";
  }

  Result<ApiResponse> Call(Result<ApiResponse> (*handler)(HandlerContext&), std::string method,
                           std::string body, std::string id = "") {
    ApiRequest request{.method = std::move(method), .body = std::move(body)};
    HandlerContext context{.request = request,
                           .store = *store_,
                           .now = Start(),
                           .options = api_,
                           .login_limiter = logins_,
                           .public_report_limiter = public_reports_};
    if (!id.empty()) context.parameters.Add("id", id);
    return handler(context);
  }

  Report Stored(std::string reporter, std::vector<std::string> addresses, Timestamp at) {
    Report report{.channel = "api", .format = "json", .raw = "x", .received_at = at};
    report.reporter = std::move(reporter);
    report.subject = "Port scan";
    report.status = ReportStatus::kNew;
    report.category = Category::kScan;
    for (std::string& address : addresses) {
      report.observables.push_back({.kind = ObservableKind::kIpv4, .value = address});
    }
    return store_->AddReports({report}).value().front();
  }

  int64_t TwoReporters() {
    const CoordinationOptions& options = api_.coordination;
    Report first = Stored("alice@site-a.example", {"198.51.100.7", "192.0.2.10"}, Start());
    EXPECT_TRUE(CoordinateReport(*store_, first, options, Start()));
    Timestamp later = Start() + std::chrono::hours(1);
    Report second = Stored("bob@site-b.example", {"198.51.100.7"}, later);
    auto result = CoordinateReport(*store_, second, options, later);
    EXPECT_TRUE(result && result->incident_id);
    return result->incident_id.value_or(0);
  }

  std::unique_ptr<Store> store_;
  TableOwnership ownership_;
  ApiOptions api_;
  LoginLimiter logins_;
  LoginLimiter public_reports_;
};

TEST_F(RecipientsTest, DirectoryContactIsChosenAndTheApiSaysWhy) {
  auto noc = Call(CreateContact, "POST",
                  R"({"name": "Hosting NOC", "emails": ["noc@hosting.example"],
                      "language": "en", "networks": ["198.51.100.0/28"],
                      "pgp_fingerprint": "0123456789ABCDEF0123456789ABCDEF01234567"})");
  ASSERT_TRUE(noc) << noc.error().message;
  EXPECT_EQ(nlohmann::json::parse(noc->body)["networks"][0], "198.51.100.0/28");
  ASSERT_TRUE(Call(CreateContact, "POST",
                   R"({"name": "JPCERT/CC", "kind": "coordination-centre", "country": "JP",
                       "emails": ["info@cc.jp.example"], "language": "ja"})"));

  int64_t incident = TwoReporters();
  auto notices = store_->ListNotifications({.incident_id = incident}).value();
  ASSERT_EQ(notices.size(), 2u);
  const Notification& warning = notices[0];
  const Notification& abuse = notices[1];
  EXPECT_EQ(abuse.recipient, "noc@hosting.example");
  EXPECT_EQ(abuse.language, "en");  // the contact's preference beats the JP country
  EXPECT_EQ(abuse.recipient_source, "contact-directory");
  // The configured Cc, then the country's coordination centre in place of the CSIRT table.
  EXPECT_EQ(abuse.cc, "cc@us.example, info@cc.jp.example");
  EXPECT_EQ(warning.recipient, "noc@site-a.example");
  EXPECT_EQ(warning.recipient_source, "rpsl");
  EXPECT_EQ(warning.cc, "cc@us.example");
  EXPECT_EQ(warning.pgp_fingerprint, "");

  auto shown = Call(GetNotification, "GET", "", std::to_string(abuse.id));
  ASSERT_TRUE(shown) << shown.error().message;
  auto json = nlohmann::json::parse(shown->body);
  EXPECT_EQ(json["recipient_source"], "contact-directory");
  EXPECT_EQ(json["pgp_fingerprint"], "0123456789ABCDEF0123456789ABCDEF01234567");

  bool logged = false;
  std::vector<WorkLogEntry> log = store_->ListWorkLog(incident).value();
  for (const WorkLogEntry& entry : log) {
    if (entry.text.find("recipient from contact directory: Hosting NOC (#1) covers "
                        "198.51.100.0/28") != std::string::npos) {
      logged = true;
    }
  }
  EXPECT_TRUE(logged);

  // Every Cc receives the mail.
  ASSERT_TRUE(ApproveNotification(*store_, api_.coordination.notify, abuse.id, "lead", Start()));
  ASSERT_TRUE(store_->ClaimNotification(abuse.id, std::chrono::minutes(3), Start()));
  coord::CapturingMailTransport transport;
  ASSERT_TRUE(DeliverNotification(*store_, api_.coordination.notify, transport, abuse.id, Start()));
  ASSERT_EQ(transport.sent().size(), 1u);
  EXPECT_EQ(
      transport.sent()[0].recipients,
      (std::vector<std::string>{"noc@hosting.example", "cc@us.example", "info@cc.jp.example"}));
}

TEST_F(RecipientsTest, WithoutDirectoryTheRegistryAndTheCsirtTableDecide) {
  int64_t incident = TwoReporters();
  auto notices = store_->ListNotifications({.incident_id = incident}).value();
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1].recipient, "abuse@hosting.example");
  EXPECT_EQ(notices[1].recipient_source, "rpsl");
  EXPECT_EQ(notices[1].language, "ja");
  EXPECT_EQ(notices[1].cc, "cc@us.example, table@csirt.jp.example");
}

TEST_F(RecipientsTest, RefusesCoverageThatDoesNotParse) {
  auto refused = Call(CreateContact, "POST",
                      R"({"name": "x", "emails": ["a@x.example"], "networks": ["10.0.0.0/33"]})");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
  EXPECT_NE(refused.error().message.find("10.0.0.0/33"), std::string::npos);
}

}  // namespace
}  // namespace hikeshi::server
