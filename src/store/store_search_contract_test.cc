// The Store contract for listing incidents: filters, cursor pagination and full-text search, run
// against every backend in StoreBackends().
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ValuesIn;

class IncidentListTest : public StoreTest {
 protected:
  std::vector<int64_t> Ids(const IncidentQuery& query) {
    auto page = store_->ListIncidents(query);
    EXPECT_TRUE(page) << page.error().message;
    std::vector<int64_t> ids;
    if (page) {
      for (const Incident& incident : page->items) ids.push_back(incident.id);
    }
    return ids;
  }
  std::vector<int64_t> Search(std::string text) { return Ids({.text = std::move(text)}); }

  Incident CreateWith(std::string title, auto&& adjust) {
    auto [incident, draft] = NewIncident(std::move(title));
    adjust(incident);
    auto created = store_->CreateIncident(incident, draft, "alice");
    EXPECT_TRUE(created);
    return created->first;
  }
};

TEST_P(IncidentListTest, NewestFirst) {
  int64_t a = Create("a").id;
  int64_t b = Create("b").id;
  int64_t c = Create("c").id;
  EXPECT_THAT(Ids({}), ElementsAre(c, b, a));
}

TEST_P(IncidentListTest, FiltersCombine) {
  int64_t scan = CreateWith("scan", [](Incident& i) { i.category = Category::kScan; }).id;
  int64_t red = CreateWith("red", [](Incident& i) { i.tlp = Tlp::kRed; }).id;
  int64_t open = CreateWith("open", [](Incident& i) { i.state = State::kOpen; }).id;
  int64_t bobs = CreateWith("bob's", [](Incident& i) { i.lead = "bob"; }).id;
  int64_t bobs_open = CreateWith("bob's open", [](Incident& i) {
                        i.lead = "bob";
                        i.state = State::kOpen;
                      }).id;

  EXPECT_THAT(Ids({.category = Category::kScan}), ElementsAre(scan));
  EXPECT_THAT(Ids({.tlp = Tlp::kRed}), ElementsAre(red));
  EXPECT_THAT(Ids({.state = State::kOpen}), ElementsAre(bobs_open, open));
  EXPECT_THAT(Ids({.lead = "bob"}), ElementsAre(bobs_open, bobs));
  EXPECT_THAT(Ids({.state = State::kOpen, .lead = "bob"}), ElementsAre(bobs_open));
  EXPECT_THAT(Ids({.lead = ""}), ElementsAre(open, red, scan));  // unassigned
  EXPECT_THAT(Ids({.state = State::kClosed}), ElementsAre());
}

TEST_P(IncidentListTest, CursorWalksEveryIncidentOnce) {
  constexpr int kIncidents = 23;
  std::vector<int64_t> created;
  for (int i = 0; i < kIncidents; ++i) created.push_back(Create(fmt::format("#{}", i)).id);

  std::vector<int64_t> seen;
  IncidentQuery query{.limit = 5};
  int pages = 0;
  while (true) {
    auto page = store_->ListIncidents(query);
    ASSERT_TRUE(page);
    ++pages;
    ASSERT_LE(page->items.size(), 5u);
    for (const Incident& incident : page->items) seen.push_back(incident.id);
    if (!page->next_before_id) break;
    EXPECT_EQ(*page->next_before_id, page->items.back().id);
    query.before_id = page->next_before_id;
  }
  EXPECT_EQ(pages, 5);
  std::vector<int64_t> expected(created.rbegin(), created.rend());
  EXPECT_EQ(seen, expected);
}

TEST_P(IncidentListTest, ExactlyFullPageHasNoNextCursor) {
  for (int i = 0; i < 4; ++i) Create(fmt::format("#{}", i));
  auto page = store_->ListIncidents({.limit = 4});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 4u);
  EXPECT_FALSE(page->next_before_id);
}

TEST_P(IncidentListTest, LimitIsClamped) {
  for (int i = 0; i < 3; ++i) Create(fmt::format("#{}", i));
  auto zero = store_->ListIncidents({.limit = 0});
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->items.size(), 1u);
  EXPECT_TRUE(zero->next_before_id);
  auto huge = store_->ListIncidents({.limit = 1'000'000});
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->items.size(), 3u);
}

TEST_P(IncidentListTest, SearchesEnglishCaseInsensitivelyAndAndsTerms) {
  int64_t phishing = Create("Phishing site imitating ExampleBank", "reported by a customer").id;
  int64_t scan = Create("SSH scan", "from 203.0.113.5, many banks targeted").id;
  EXPECT_THAT(Search("phish"), ElementsAre(phishing));
  EXPECT_THAT(Search("PHISHING examplebank"), ElementsAre(phishing));
  EXPECT_THAT(Search("bank"), ElementsAre(scan, phishing));
  EXPECT_THAT(Search("customer"), ElementsAre(phishing));  // description
  EXPECT_THAT(Search("203.0.113.5"), ElementsAre(scan));
  EXPECT_THAT(Search("phishing scan"), ElementsAre());
  EXPECT_THAT(Search("   "), ElementsAre(scan, phishing));
}

TEST_P(IncidentListTest, SearchesJapaneseBySubstring) {
  int64_t ransom = Create("ランサムウェア感染の疑い", "ファイルサーバの暗号化").id;
  int64_t leak = Create("情報漏えい", "顧客情報が外部に送信された疑い").id;
  EXPECT_THAT(Search("ランサム"), ElementsAre(ransom));
  EXPECT_THAT(Search("感染"), ElementsAre(ransom));  // 2 characters: below trigram length
  EXPECT_THAT(Search("疑い"), ElementsAre(leak, ransom));
  EXPECT_THAT(Search("暗号化"), ElementsAre(ransom));        // description
  EXPECT_THAT(Search("ウェア　感染"), ElementsAre(ransom));  // ideographic space separates
  EXPECT_THAT(Search("漏えい 感染"), ElementsAre());
  EXPECT_THAT(Search("ア"), ElementsAre(ransom));
}

TEST_P(IncidentListTest, SearchTakesOperatorsLiterally) {
  int64_t quoted = Create("Mail with subject \"Invoice\" AND attachment").id;
  Create("Other");
  EXPECT_THAT(Search("\"Invoice\""), ElementsAre(quoted));
  EXPECT_THAT(Search("AND"), ElementsAre(quoted));
  for (std::string odd : {"*", "NOT", "OR", "(", "a\"b", "title:x", "^", "NEAR(a b)"}) {
    auto page = store_->ListIncidents({.text = odd});
    EXPECT_TRUE(page) << odd << ": " << page.error().message;
  }
}

TEST_P(IncidentListTest, SearchFollowsEditsAndCombinesWithFilters) {
  Incident incident = Create("ランサムウェア感染の疑い");
  auto retitle = [](Incident& i) {
    return ApplyPatch(i, {.title = "Defacement of www", .category = Category::kDefacement}, kT0);
  };
  ASSERT_TRUE(store_->MutateIncident(incident.id, retitle, "alice", kT0));
  EXPECT_THAT(Search("ランサム"), ElementsAre());
  EXPECT_THAT(Search("deface"), ElementsAre(incident.id));
  EXPECT_THAT(Ids({.category = Category::kDefacement, .text = "www"}), ElementsAre(incident.id));
  EXPECT_THAT(Ids({.category = Category::kScan, .text = "www"}), ElementsAre());
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentListTest, ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace hikeshi::testing
