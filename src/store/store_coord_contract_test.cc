// Contract: correlation links, notifications (aggregation look-ups, optimistic concurrency,
// the outbox's due query) and contacts (schema version 4).
#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

class CoordStoreTest : public StoreTest {
 protected:
  Notification Draft(int64_t incident_id, std::string recipient) {
    Notification n{.kind = "abuse",
                   .category = "scan",
                   .recipient = std::move(recipient),
                   .items = "[]",
                   .period = "2026-11-25T01:00:00.000000Z",
                   .message_id = "m-" + std::to_string(incident_id) + "@x.example",
                   .created_at = kT0,
                   .updated_at = kT0};
    n.incident_ids = {incident_id};
    auto saved = store_->SaveNotification(n);
    EXPECT_TRUE(saved) << saved.error().message;
    return *saved;
  }
};

TEST_P(CoordStoreTest, LinksAreListedPerIncidentInOrder) {
  Incident a = Create("a");
  Incident b = Create("b");
  ASSERT_TRUE(store_->AddIncidentLinks(
      {{.incident_id = a.id,
        .rule = "same-source",
        .key = "198.51.100.7",
        .report_ids = {3, 1},
        .at = kT0},
       {.incident_id = b.id, .rule = "same-url", .key = "u", .report_ids = {4}, .at = kT0},
       {.incident_id = a.id,
        .rule = "multiple-reporters",
        .key = "198.51.100.7",
        .report_ids = {3, 1, 2},
        .at = kT0}}));
  auto links = store_->ListIncidentLinks(a.id).value();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].rule, "same-source");
  EXPECT_EQ(links[1].report_ids, (std::vector<int64_t>{3, 1, 2}));
  EXPECT_EQ(links[1].at, kT0);
  EXPECT_TRUE(store_->ListIncidentLinks(b.id + 100)->empty());
}

TEST_P(CoordStoreTest, NotificationsRoundTripAndRefuseStaleVersions) {
  Incident a = Create("a");
  Notification n = Draft(a.id, "abuse@x.example");
  EXPECT_GT(n.id, 0);
  EXPECT_EQ(n.version, 1);
  EXPECT_EQ(n.incident_ids, std::vector<int64_t>{a.id});
  n.state = "approved";
  n.next_attempt_at = kT0;
  auto saved = store_->SaveNotification(n);
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->next_attempt_at, kT0);
  auto stale = store_->SaveNotification(n);  // still version 1
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  n.id = 999;
  EXPECT_EQ(store_->SaveNotification(n).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->GetNotification(999).error().code, ErrorCode::kNotFound);
}

TEST_P(CoordStoreTest, NotificationQueries) {
  Incident a = Create("a");
  Incident b = Create("b");
  Notification first = Draft(a.id, "abuse@x.example");
  Notification second = Draft(b.id, "noc@y.example");
  second.incident_ids.push_back(a.id);
  second.state = "approved";
  second.next_attempt_at = kT0 + std::chrono::minutes(5);
  ASSERT_TRUE(store_->SaveNotification(second));
  EXPECT_EQ(store_->ListNotifications({.incident_id = a.id})->size(), 2u);
  EXPECT_EQ(store_->ListNotifications({.incident_id = b.id})->size(), 1u);
  auto by_recipient = store_->ListNotifications({.state = "draft",
                                                 .recipient = "abuse@x.example",
                                                 .kind = "abuse",
                                                 .period = "2026-11-25T01:00:00.000000Z"});
  ASSERT_EQ(by_recipient->size(), 1u);
  EXPECT_EQ(by_recipient->front().id, first.id);
  EXPECT_EQ(store_->ListNotifications({.message_id = first.message_id})->front().id, first.id);
  EXPECT_TRUE(store_->ListNotifications({.due_by = kT0})->empty());
  EXPECT_EQ(store_->ListNotifications({.due_by = kT0 + std::chrono::minutes(5)})->size(), 1u);
}

TEST_P(CoordStoreTest, ContactsCrud) {
  Contact contact{.name = "JPCERT/CC",
                  .organisation = "JPCERT Coordination Center",
                  .kind = ContactKind::kCoordinationCentre,
                  .emails = {"info@jpcert.or.jp", "second@example.org"},
                  .language = "ja",
                  .country = "JP",
                  .pgp_fingerprint = "ABCD",
                  .notes = "national CSIRT"};
  auto saved = store_->SaveContact(contact);
  ASSERT_TRUE(saved);
  auto loaded = store_->GetContact(saved->id).value();
  EXPECT_EQ(loaded.kind, ContactKind::kCoordinationCentre);
  EXPECT_EQ(loaded.emails, contact.emails);
  EXPECT_EQ(loaded.language, "ja");
  loaded.notes = "changed";
  ASSERT_TRUE(store_->SaveContact(loaded));
  EXPECT_EQ(store_->GetContact(saved->id)->notes, "changed");
  EXPECT_EQ(store_->ListContacts(10)->size(), 1u);
  ASSERT_TRUE(store_->DeleteContact(saved->id));
  EXPECT_EQ(store_->DeleteContact(saved->id).error().code, ErrorCode::kNotFound);
  loaded.id = 12345;
  EXPECT_EQ(store_->SaveContact(loaded).error().code, ErrorCode::kNotFound);
}

TEST_P(CoordStoreTest, ContactsKeepWhatTheyCover) {
  Contact contact{.name = "Example NOC",
                  .emails = {"noc@example.net"},
                  .networks = {"192.0.2.0/24", "2001:db8::/32"},
                  .asns = {"AS64500"},
                  .domains = {"example.net"}};
  auto saved = store_->SaveContact(contact);
  ASSERT_TRUE(saved) << saved.error().message;
  Contact loaded = store_->GetContact(saved->id).value();
  EXPECT_EQ(loaded.networks, contact.networks);
  EXPECT_EQ(loaded.asns, contact.asns);
  EXPECT_EQ(loaded.domains, contact.domains);
  loaded.networks = {"198.51.100.0/24"};
  loaded.domains.clear();
  ASSERT_TRUE(store_->SaveContact(loaded));
  Contact listed = store_->ListContacts(10)->front();
  EXPECT_EQ(listed.networks, std::vector<std::string>{"198.51.100.0/24"});
  EXPECT_TRUE(listed.domains.empty());
  EXPECT_EQ(listed.asns, contact.asns);
}

TEST_P(CoordStoreTest, NotificationsKeepWhoChoseTheRecipient) {
  Incident a = Create("a");
  Notification n = Draft(a.id, "noc@example.net");
  EXPECT_EQ(n.recipient_source, "");
  n.recipient_source = "contact-directory";
  n.pgp_fingerprint = "0123456789ABCDEF0123456789ABCDEF01234567";
  ASSERT_TRUE(store_->SaveNotification(n));
  Notification loaded = store_->GetNotification(n.id).value();
  EXPECT_EQ(loaded.recipient_source, "contact-directory");
  EXPECT_EQ(loaded.pgp_fingerprint, n.pgp_fingerprint);
  auto listed = store_->ListNotifications({.recipient = "noc@example.net"}).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed.front().recipient_source, "contact-directory");
}

TEST_P(CoordStoreTest, RelatedReportsByValuePrefixDomainAndWindow) {
  auto report = [](std::string value, ObservableKind kind, std::string domain, Timestamp at) {
    Report r{.channel = "api", .format = "json", .raw = "x", .received_at = at};
    r.status = ReportStatus::kNew;
    r.observables.push_back({.kind = kind, .value = std::move(value)});
    r.observables.back().registrable_domain = std::move(domain);
    return r;
  };
  auto added = store_->AddReports(
      {report("198.51.100.7", ObservableKind::kIpv4, "", kT0),
       report("198.51.100.99", ObservableKind::kIpv4, "", kT0),
       report("198.51.101.7", ObservableKind::kIpv4, "", kT0),
       report("http://a.example.com/x", ObservableKind::kUrl, "example.com", kT0),
       report("198.51.100.7", ObservableKind::kIpv4, "", kT0 - std::chrono::hours(200))});
  ASSERT_TRUE(added);
  auto exact =
      store_->ListRelatedReports({.value = "198.51.100.7", .since = kT0 - std::chrono::hours(1)});
  ASSERT_TRUE(exact) << exact.error().message;
  ASSERT_EQ(exact->size(), 1u);  // the old one is outside the window
  EXPECT_EQ(exact->front().observables.size(), 1u);
  EXPECT_TRUE(exact->front().raw.empty());
  auto block = store_->ListRelatedReports(
      {.value = "198.51.100.", .prefix = true, .since = kT0 - std::chrono::hours(1)});
  EXPECT_EQ(block->size(), 2u);
  auto domain = store_->ListRelatedReports({.value = "example.com", .since = kT0});
  EXPECT_EQ(domain->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CoordStoreTest, ::testing::ValuesIn(StoreBackends()),
                         BackendName);

}  // namespace
}  // namespace hikeshi::testing
