// The Store contract for sorting the incident list (IncidentSort): every key in both directions,
// paged by the keyset cursor through rows with ties, with filters and full-text search, run
// against every backend in StoreBackends().
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ValuesIn;

constexpr IncidentSort kAllSorts[] = {
    IncidentSort::kId,       IncidentSort::kTitle,      IncidentSort::kState,
    IncidentSort::kCategory, IncidentSort::kSeverity,   IncidentSort::kTlp,
    IncidentSort::kLead,     IncidentSort::kReportedAt, IncidentSort::kUpdatedAt};

struct Row {
  std::string title;
  State state;
  Category category;
  Severity severity;
  Tlp tlp;
  std::string lead;
  int reported;  // minutes after kT0
  int updated;
};

// Ties on every key, and titles whose byte order differs from a locale's ("Zeta" < "alpha",
// "émile" after every ASCII title).
const std::vector<Row> kRows = {
    {"alpha", State::kNew, Category::kScan, Severity::kLow, Tlp::kRed, "", 5, 1},
    {"Zeta", State::kOpen, Category::kOther, Severity::kCritical, Tlp::kClear, "bob", 5, 2},
    {"same", State::kOpen, Category::kScan, Severity::kHigh, Tlp::kAmber, "alice", 1, 1},
    {"\xC3\xA9mile", State::kClosed, Category::kPhishing, Severity::kMedium, Tlp::kGreen, "Bob", 3,
     3},
    {"same", State::kNew, Category::kOther, Severity::kLow, Tlp::kAmberStrict, "", 1, 2},
    {"Alpha", State::kContained, Category::kScan, Severity::kMedium, Tlp::kAmber, "bob", 2, 2},
    {"same", State::kOpen, Category::kPhishing, Severity::kCritical, Tlp::kRed, "alice", 4, 1},
    {"beta", State::kNew, Category::kOther, Severity::kHigh, Tlp::kClear, "", 2, 3},
    {"same", State::kClosed, Category::kScan, Severity::kLow, Tlp::kGreen, "bob", 5, 3},
    {"a", State::kOpen, Category::kOther, Severity::kMedium, Tlp::kAmber, "alice", 3, 1},
    {"Zeta", State::kNew, Category::kPhishing, Severity::kHigh, Tlp::kRed, "", 1, 2},
};

class IncidentSortTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    for (const Row& row : kRows) {
      auto [incident, draft] = NewIncident(row.title);
      incident.state = row.state;
      incident.category = row.category;
      incident.severity = row.severity;
      incident.tlp = row.tlp;
      incident.lead = row.lead;
      incident.reported_at = kT0 + std::chrono::minutes(row.reported);
      incident.updated_at = kT0 + std::chrono::minutes(row.updated);
      auto created = store_->CreateIncident(incident, draft, "alice");
      ASSERT_TRUE(created) << created.error().message;
      incidents_.push_back(created->first);
    }
  }

  // Every page of `query` (limit 3, so ties straddle pages), followed by cursor.
  std::vector<int64_t> PageThrough(IncidentQuery query) {
    query.limit = 3;
    std::vector<int64_t> ids;
    for (int pages = 0; pages < 20; ++pages) {
      auto page = store_->ListIncidents(query);
      EXPECT_TRUE(page) << page.error().message;
      if (!page) break;
      for (const Incident& incident : page->items) ids.push_back(incident.id);
      if (!page->next) break;
      EXPECT_EQ(*page->next, SortPositionOf(page->items.back(), query.sort));
      query.after = page->next;
    }
    return ids;
  }

  // The order the contract promises, computed here: sort value, then id, both one direction.
  std::vector<int64_t> Expected(IncidentSort sort, bool ascending,
                                const std::function<bool(const Incident&)>& keep = nullptr) {
    std::vector<Incident> rows;
    for (const Incident& incident : incidents_) {
      if (!keep || keep(incident)) rows.push_back(incident);
    }
    std::sort(rows.begin(), rows.end(), [&](const Incident& a, const Incident& b) {
      auto x = SortPositionOf(a, sort);
      auto y = SortPositionOf(b, sort);
      auto less = std::tie(x.value, x.id) < std::tie(y.value, y.id);
      auto greater = std::tie(y.value, y.id) < std::tie(x.value, x.id);
      return ascending ? less : greater;
    });
    std::vector<int64_t> ids;
    for (const Incident& incident : rows) ids.push_back(incident.id);
    return ids;
  }

  int64_t Id(size_t row) const { return incidents_[row].id; }

  std::vector<Incident> incidents_;
};

TEST_P(IncidentSortTest, EveryKeyBothDirectionsPagedThroughTies) {
  for (IncidentSort sort : kAllSorts) {
    for (bool ascending : {true, false}) {
      SCOPED_TRACE(fmt::format("sort={} ascending={}", ToString(sort), ascending));
      EXPECT_EQ(PageThrough({.sort = sort, .ascending = ascending}), Expected(sort, ascending));
    }
  }
}

TEST_P(IncidentSortTest, TextSortsByBytes) {
  auto first = store_->ListIncidents({.limit = 3, .sort = IncidentSort::kTitle, .ascending = true});
  ASSERT_TRUE(first) << first.error().message;
  // "Alpha" < "Zeta" < "Zeta" < "a" …: upper case first, as bytes are; "émile" comes last.
  EXPECT_THAT(first->items, ::testing::SizeIs(3));
  EXPECT_EQ(first->items[0].id, Id(5));
  EXPECT_EQ(first->items[1].id, Id(1));
  EXPECT_EQ(first->items[2].id, Id(10));
  auto last = store_->ListIncidents({.limit = 1, .sort = IncidentSort::kTitle});
  ASSERT_TRUE(last);
  EXPECT_THAT(last->items, ::testing::SizeIs(1));
  EXPECT_EQ(last->items[0].id, Id(3));
}

TEST_P(IncidentSortTest, SeverityAndTlpSortOnTheirScale) {
  auto severity = store_->ListIncidents({.limit = 2, .sort = IncidentSort::kSeverity});
  ASSERT_TRUE(severity);
  EXPECT_EQ(severity->items[0].severity, Severity::kCritical);
  auto tlp = store_->ListIncidents({.limit = 2, .sort = IncidentSort::kTlp, .ascending = true});
  ASSERT_TRUE(tlp);
  EXPECT_EQ(tlp->items[0].tlp, Tlp::kClear);
}

TEST_P(IncidentSortTest, CombinesWithFiltersAndSearch) {
  auto scan = [](const Incident& i) { return i.category == Category::kScan; };
  EXPECT_EQ(
      PageThrough({.category = Category::kScan, .sort = IncidentSort::kLead, .ascending = true}),
      Expected(IncidentSort::kLead, true, scan));
  auto same = [](const Incident& i) { return i.title == "same"; };
  EXPECT_EQ(PageThrough({.text = "same", .sort = IncidentSort::kUpdatedAt, .ascending = true}),
            Expected(IncidentSort::kUpdatedAt, true, same));
  EXPECT_EQ(PageThrough({.text = "sa", .sort = IncidentSort::kState}),
            Expected(IncidentSort::kState, false, same));
}

TEST_P(IncidentSortTest, DefaultOrderStillPagesByBeforeId) {
  auto page = store_->ListIncidents({.limit = 4});
  ASSERT_TRUE(page);
  ASSERT_TRUE(page->next_before_id);
  EXPECT_EQ(*page->next_before_id, Id(7));
  auto rest = store_->ListIncidents({.limit = 2, .before_id = page->next_before_id});
  ASSERT_TRUE(rest);
  EXPECT_THAT(rest->items, ::testing::SizeIs(2));
  EXPECT_EQ(rest->items[0].id, Id(6));
}

TEST_P(IncidentSortTest, CursorOfAnotherKindIsInvalid) {
  IncidentQuery query{.sort = IncidentSort::kTitle};
  query.after = IncidentSortPosition{.value = int64_t{3}, .id = 1};
  auto page = store_->ListIncidents(query);
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().code, ErrorCode::kInvalid);
  query = {.sort = IncidentSort::kSeverity};
  query.after = IncidentSortPosition{.value = std::string("high"), .id = 1};
  EXPECT_FALSE(store_->ListIncidents(query));
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentSortTest, ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace hikeshi::testing
