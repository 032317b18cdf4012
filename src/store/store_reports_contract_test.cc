// The Store contract for reports and observables, run against every backend in StoreBackends().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/sha256.h"
#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::ValuesIn;

// A raw report as a channel stores it on arrival, before parsing.
Report Raw(std::string bytes, std::string channel = "mail") {
  Report report{.channel = std::move(channel), .format = "mail", .raw = std::move(bytes)};
  report.sha256 = Sha256Hex(report.raw);
  report.received_at = kT0;
  return report;
}

// The same report as parsing and triage left it.
Report Parsed(Report report, std::string message_id, std::vector<Observable> observables = {}) {
  report.status = ReportStatus::kNew;
  report.message_id = std::move(message_id);
  report.reporter = "abuse@example.net";
  report.subject = "Port scan from 203.0.113.5";
  report.text = "ポートスキャンを検知しました";
  report.language = "ja";
  report.category = Category::kScan;
  report.rsit = "information-gathering:scanner";
  report.triage_rule = "keyword:scan";
  report.event_time = kT0 - std::chrono::hours(1);
  report.consent_to_share = true;
  report.anomalies = {"charset-guessed", "bad-base64"};
  report.observables = std::move(observables);
  return report;
}

class ReportStoreTest : public StoreTest {
 protected:
  Report AddOne(Report report) {
    auto added = store_->AddReports({std::move(report)});
    EXPECT_TRUE(added) << added.error().message;
    return added ? added->front() : Report{};
  }
};

TEST_P(ReportStoreTest, RawBytesAreKeptExactlyAndParsedFieldsRoundTrip) {
  std::string binary("From: x\r\n\r\n\0\xff\xfe body", 18);
  Report stored = AddOne(Raw(binary));
  EXPECT_GT(stored.id, 0);
  auto raw = store_->GetReport(stored.id);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->raw, binary);
  EXPECT_EQ(raw->sha256, Sha256Hex(binary));
  EXPECT_EQ(raw->status, ReportStatus::kReceived);

  Observable ip{.kind = ObservableKind::kIpv4, .value = "203.0.113.5", .original = "203.0.113[.]5"};
  auto updated = store_->UpdateReport(Parsed(*raw, "m1@example.net", {ip}));
  ASSERT_TRUE(updated) << updated.error().message;
  auto got = store_->GetReport(stored.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->raw, binary);  // never rewritten
  EXPECT_EQ(got->status, ReportStatus::kNew);
  EXPECT_EQ(got->text, "ポートスキャンを検知しました");
  EXPECT_EQ(got->category, Category::kScan);
  EXPECT_EQ(got->event_time, kT0 - std::chrono::hours(1));
  EXPECT_TRUE(got->consent_to_share);
  EXPECT_THAT(got->anomalies, ElementsAre("charset-guessed", "bad-base64"));
  ASSERT_EQ(got->observables.size(), 1u);
  EXPECT_EQ(got->observables[0].original, "203.0.113[.]5");
}

TEST_P(ReportStoreTest, UpdateCannotRewriteTheEvidence) {
  Report stored = AddOne(Raw("original bytes"));
  Report forged = stored;
  forged.raw = "forged";
  forged.sha256 = Sha256Hex("forged");
  forged.channel = "api";
  ASSERT_TRUE(store_->UpdateReport(forged));
  auto got = store_->GetReport(stored.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->raw, "original bytes");
  EXPECT_EQ(got->sha256, Sha256Hex("original bytes"));
  EXPECT_EQ(got->channel, "mail");
}

TEST_P(ReportStoreTest, SameMessageIdCollapsesIntoTheFirstReport) {
  Report first = AddOne(Parsed(Raw("a"), "same@example.net"));
  Report again = AddOne(Parsed(Raw("a, delivered twice"), "same@example.net"));
  EXPECT_EQ(again.status, ReportStatus::kDuplicate);
  EXPECT_EQ(again.duplicate_of, first.id);
  EXPECT_EQ(store_->GetReport(first.id)->repeats, 1);
  // Hidden from the default listing, but kept (it is evidence) and listed when asked for.
  auto listed = store_->ListReports({});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, first.id);
  auto duplicates = store_->ListReports({.status = ReportStatus::kDuplicate});
  ASSERT_TRUE(duplicates);
  ASSERT_EQ(duplicates->items.size(), 1u);
  EXPECT_EQ(duplicates->items[0].id, again.id);
}

TEST_P(ReportStoreTest, SameReporterAndReferenceCollapse) {
  Report first = Parsed(Raw("x1"), "");
  first.reference = "TICKET-42";
  Report second = Parsed(Raw("x2"), "");
  second.reference = "TICKET-42";
  Report other = Parsed(Raw("x3"), "");
  other.reference = "TICKET-42";
  other.reporter = "someone-else@example.org";
  auto added = store_->AddReports({first, second, other});
  ASSERT_TRUE(added);
  EXPECT_EQ((*added)[0].status, ReportStatus::kNew);
  EXPECT_EQ((*added)[1].status, ReportStatus::kDuplicate);
  EXPECT_EQ((*added)[1].duplicate_of, (*added)[0].id);
  EXPECT_EQ((*added)[2].status, ReportStatus::kNew);
}

TEST_P(ReportStoreTest, ParsingLaterAppliesTheDuplicateRule) {
  Report first = AddOne(Parsed(Raw("a"), "dup@example.net"));
  Report raw = AddOne(Raw("a again"));
  auto parsed = store_->UpdateReport(Parsed(raw, "dup@example.net"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status, ReportStatus::kDuplicate);
  EXPECT_EQ(parsed->duplicate_of, first.id);
}

TEST_P(ReportStoreTest, ObservableLookupFindsReportsAndTheirIncidents) {
  Observable ip{.kind = ObservableKind::kIpv4, .value = "203.0.113.5", .original = "203.0.113.5"};
  Observable url{.kind = ObservableKind::kUrl,
                 .value = "http://203.0.113.5/login",
                 .original = "hxxp://203.0.113[.]5/login"};
  Report a = AddOne(Parsed(Raw("a"), "a@x", {ip, url}));
  Report b = AddOne(Parsed(Raw("b"), "b@x", {ip}));
  AddOne(Parsed(Raw("c"), "c@x", {}));
  Incident incident = Create("Scan from 203.0.113.5");
  b.status = ReportStatus::kAccepted;
  b.incident_id = incident.id;
  ASSERT_TRUE(store_->UpdateReport(b));

  auto sightings = store_->FindObservable("203.0.113.5", 50);
  ASSERT_TRUE(sightings);
  EXPECT_THAT(sightings->report_ids, ElementsAre(b.id, a.id));
  EXPECT_THAT(sightings->incident_ids, ElementsAre(incident.id));
  auto by_url = store_->FindObservable("http://203.0.113.5/login", 50);
  ASSERT_TRUE(by_url);
  EXPECT_THAT(by_url->report_ids, ElementsAre(a.id));
  EXPECT_THAT(by_url->incident_ids, IsEmpty());

  auto listed = store_->ListReports({.text = "203.0.113.5"});  // the observable, and subject text
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->items.size(), 3u);
  auto by_value = store_->ListReports({.text = "http://203.0.113.5/login"});
  ASSERT_TRUE(by_value);
  ASSERT_EQ(by_value->items.size(), 1u);
  EXPECT_EQ(by_value->items[0].id, a.id);
}

TEST_P(ReportStoreTest, ObservableFactsRoundTripAndDomainsMatchByRegistrableDomain) {
  Observable url{.kind = ObservableKind::kUrl,
                 .value = "http://login.bank.example.co.jp:8080/",
                 .original = "hxxp://login.bank.example.co[.]jp:8080/",
                 .flags = static_cast<uint32_t>(ObservableFlag::kDefanged),
                 .port = 8080,
                 .registrable_domain = "example.co.jp"};
  Report stored = AddOne(Parsed(Raw("u"), "u@x", {url}));
  auto got = store_->GetReport(stored.id);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->observables.size(), 1u);
  EXPECT_TRUE(got->observables[0].Has(ObservableFlag::kDefanged));
  EXPECT_EQ(got->observables[0].port, 8080);
  EXPECT_EQ(got->observables[0].registrable_domain, "example.co.jp");
  auto by_domain = store_->FindObservable("example.co.jp", 50);
  ASSERT_TRUE(by_domain);
  EXPECT_THAT(by_domain->report_ids, ElementsAre(stored.id));
}

TEST_P(ReportStoreTest, ListingFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    Report report = Parsed(Raw("r" + std::to_string(i)), "p" + std::to_string(i) + "@x");
    if (i % 2) report.category = Category::kPhishing;
    if (i == 4) report.status = ReportStatus::kNeedsInfo;
    AddOne(report);
  }
  auto phishing = store_->ListReports({.category = Category::kPhishing});
  ASSERT_TRUE(phishing);
  EXPECT_EQ(phishing->items.size(), 2u);
  auto needs_info = store_->ListReports({.status = ReportStatus::kNeedsInfo});
  ASSERT_TRUE(needs_info);
  EXPECT_EQ(needs_info->items.size(), 1u);
  auto first = store_->ListReports({.limit = 2});
  ASSERT_TRUE(first && first->next_before_id);
  auto second = store_->ListReports({.limit = 2, .before_id = first->next_before_id});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->items.size(), 2u);
  EXPECT_LT(second->items[0].id, first->items[1].id);
}

TEST_P(ReportStoreTest, ListingByIncidentFindsItsReportsPaged) {
  Incident one = Create("one");
  Incident two = Create("two");
  std::vector<int64_t> linked;
  for (int i = 0; i < 5; ++i) {
    Report report = AddOne(Parsed(Raw("r" + std::to_string(i)), "p" + std::to_string(i) + "@x"));
    if (i == 0) continue;  // stays in the inbox
    report.status = ReportStatus::kAccepted;
    report.incident_id = i == 2 ? two.id : one.id;
    ASSERT_TRUE(store_->UpdateReport(report));
    if (i != 2) linked.insert(linked.begin(), report.id);  // newest first
  }
  auto first = store_->ListReports({.limit = 2, .incident_id = one.id});
  ASSERT_TRUE(first && first->next_before_id);
  auto second =
      store_->ListReports({.limit = 2, .before_id = first->next_before_id, .incident_id = one.id});
  ASSERT_TRUE(second);
  std::vector<int64_t> ids;
  for (const auto& page : {*first, *second}) {
    for (const Report& report : page.items) ids.push_back(report.id);
  }
  EXPECT_EQ(ids, linked);
  auto other = store_->ListReports({.incident_id = two.id});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->items.size(), 1u);
  auto none = store_->ListReports({.incident_id = two.id + 100});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->items.empty());
}

TEST_P(ReportStoreTest, OversizedReportStoresNothing) {
  Report huge = Raw(std::string(kMaxReportBytes + 1, 'x'));
  auto added = store_->AddReports({Raw("fine"), huge});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code, ErrorCode::kTooLarge);
  auto listed = store_->ListReports({.status = ReportStatus::kReceived});
  ASSERT_TRUE(listed);
  EXPECT_THAT(listed->items, IsEmpty());
}

TEST_P(ReportStoreTest, UnknownReportIsNotFound) {
  EXPECT_EQ(store_->GetReport(99).error().code, ErrorCode::kNotFound);
  Report ghost = Raw("x");
  ghost.id = 99;
  EXPECT_EQ(store_->UpdateReport(ghost).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportStoreTest, ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace hikeshi::testing
