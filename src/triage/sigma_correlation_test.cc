// Correlation windows: event_count, value_count, temporal, temporal_ordered, chaining,
// generate, lt conditions on tumbling windows, and the group cap.
#include "triage/sigma_correlation.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "triage/sigma_test_support.h"

namespace hikeshi::triage {
namespace {

using testing::At;
using testing::CompileYaml;
using testing::MakeEvent;

constexpr char kBase[] =
    "title: failed\nid: failed-id\nname: failed\nlogsource: {product: linux, service: sshd}\n"
    "detection:\n  k: ['Failed password']\n  condition: k\n---\n"
    "title: accepted\nname: accepted\nlogsource: {product: linux, service: sshd}\n"
    "detection:\n  k: ['Accepted password']\n  condition: k\n";

class Harness {
 public:
  explicit Harness(const std::string& yaml) : engine_(CompileYaml(yaml)) {
    EXPECT_TRUE(engine_->report().unsupported.empty()) << engine_->report().Summary();
    matcher_ = std::make_unique<SigmaMatcher>(*engine_);
    correlator_ = std::make_unique<SigmaCorrelator>(*engine_, limits_);
  }
  Harness(const std::string& yaml, SigmaCorrelationLimits limits) : limits_(limits) {
    engine_ = CompileYaml(yaml);
    matcher_ = std::make_unique<SigmaMatcher>(*engine_);
    correlator_ = std::make_unique<SigmaCorrelator>(*engine_, limits_);
  }
  // Feeds an sshd line; returns the titles of the findings it produced.
  std::vector<Finding> Feed(int64_t second, std::string_view message, std::string_view src_ip,
                            std::string_view user = "root") {
    Event event =
        MakeEvent("syslog3164", {{"src_ip", std::string(src_ip)}, {"user", std::string(user)}},
                  message, "sshd", At(second));
    std::vector<Finding> out;
    correlator_->Observe(event, matcher_->Match(event), *matcher_, out);
    return out;
  }
  std::vector<Finding> Flush() {
    std::vector<Finding> out;
    correlator_->Flush(out);
    return out;
  }
  SigmaCorrelator& correlator() { return *correlator_; }

 private:
  SigmaCorrelationLimits limits_;
  std::unique_ptr<SigmaEngine> engine_;
  std::unique_ptr<SigmaMatcher> matcher_;
  std::unique_ptr<SigmaCorrelator> correlator_;
};

std::vector<std::string> Titles(const std::vector<Finding>& findings) {
  std::vector<std::string> titles;
  for (const Finding& f : findings) titles.push_back(f.rule_title);
  return titles;
}

std::string EventCount(std::string_view condition, std::string_view extra = "") {
  return std::string(kBase) +
         "---\ntitle: brute\nid: brute-id\nlevel: high\ncorrelation:\n  type: event_count\n"
         "  rules: [failed-id]\n  group-by: [src_ip]\n  timespan: 1m\n  condition: " +
         std::string(condition) + "\n" + std::string(extra);
}

TEST(SigmaCorrelationTest, EventCountFiresOncePerBurstPerGroup) {
  Harness h(EventCount("{gte: 3}"));
  EXPECT_TRUE(h.Feed(0, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(1, "Failed password", "2.2.2.2").empty());
  EXPECT_TRUE(h.Feed(2, "Failed password", "1.1.1.1").empty());
  auto fired = h.Feed(3, "Failed password", "1.1.1.1");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].rule_title, "brute");
  EXPECT_TRUE(fired[0].correlation);
  EXPECT_EQ(fired[0].group_key, "src_ip=1.1.1.1");
  EXPECT_EQ(fired[0].count, 3u);
  EXPECT_EQ(fired[0].level, "high");
  // The window restarted: two more are not enough, a third is.
  EXPECT_TRUE(h.Feed(4, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(5, "Failed password", "1.1.1.1").empty());
  EXPECT_EQ(h.Feed(6, "Failed password", "1.1.1.1").size(), 1u);
}

TEST(SigmaCorrelationTest, EventCountWindowSlides) {
  Harness h(EventCount("{gte: 3}"));
  EXPECT_TRUE(h.Feed(0, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(30, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(61, "Failed password", "1.1.1.1").empty());  // the first fell out
  EXPECT_EQ(h.Feed(62, "Failed password", "1.1.1.1").size(), 1u);
}

TEST(SigmaCorrelationTest, GtIsStrict) {
  Harness h(EventCount("{gt: 2}"));
  EXPECT_TRUE(h.Feed(0, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(1, "Failed password", "1.1.1.1").empty());
  EXPECT_EQ(h.Feed(2, "Failed password", "1.1.1.1").size(), 1u);
}

TEST(SigmaCorrelationTest, ReferencedRulesAreQuietUnlessGenerate) {
  Harness quiet(EventCount("{gte: 2}"));
  EXPECT_TRUE(quiet.Feed(0, "Failed password", "1.1.1.1").empty());
  EXPECT_EQ(Titles(quiet.Feed(0, "Accepted password", "1.1.1.1")),
            std::vector<std::string>{"accepted"});  // not referenced: reported alone
  Harness loud(EventCount("{gte: 2}", "  generate: true\n"));
  EXPECT_EQ(Titles(loud.Feed(0, "Failed password", "1.1.1.1")), std::vector<std::string>{"failed"});
  EXPECT_EQ(Titles(loud.Feed(1, "Failed password", "1.1.1.1")),
            (std::vector<std::string>{"failed", "brute"}));
}

TEST(SigmaCorrelationTest, LtConditionJudgedWhenTheWindowCloses) {
  Harness h(EventCount("{lt: 3}"));
  EXPECT_TRUE(h.Feed(0, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(10, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(0, "Failed password", "2.2.2.2").empty());
  EXPECT_TRUE(h.Feed(1, "Failed password", "2.2.2.2").empty());
  EXPECT_TRUE(h.Feed(2, "Failed password", "2.2.2.2").empty());
  auto closed = h.Feed(100, "Failed password", "1.1.1.1");  // closes 1.1.1.1's window: 2 < 3
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].count, 2u);
  auto flushed = h.Flush();  // 1.1.1.1 has 1 in its new window; 2.2.2.2 had 3
  ASSERT_EQ(flushed.size(), 1u);
  EXPECT_EQ(flushed[0].group_key, "src_ip=1.1.1.1");
  EXPECT_EQ(flushed[0].count, 1u);
}

TEST(SigmaCorrelationTest, RangeCondition) {
  Harness h(EventCount("{gt: 1, lte: 2}"));
  h.Feed(0, "Failed password", "1.1.1.1");
  h.Feed(1, "Failed password", "1.1.1.1");
  h.Feed(0, "Failed password", "2.2.2.2");
  h.Feed(1, "Failed password", "2.2.2.2");
  h.Feed(2, "Failed password", "2.2.2.2");
  auto flushed = h.Flush();
  ASSERT_EQ(flushed.size(), 1u);
  EXPECT_EQ(flushed[0].group_key, "src_ip=1.1.1.1");
}

TEST(SigmaCorrelationTest, ValueCountCountsDistinctValues) {
  Harness h(std::string(kBase) +
            "---\ntitle: spray\ncorrelation:\n  type: value_count\n  rules: [failed]\n"
            "  group-by: [src_ip]\n  timespan: 10m\n  condition: {field: user, gte: 3}\n");
  EXPECT_TRUE(h.Feed(0, "Failed password", "1.1.1.1", "alice").empty());
  EXPECT_TRUE(h.Feed(1, "Failed password", "1.1.1.1", "alice").empty());
  EXPECT_TRUE(h.Feed(2, "Failed password", "1.1.1.1", "bob").empty());
  EXPECT_TRUE(h.Feed(3, "Failed password", "9.9.9.9", "carol").empty());
  auto fired = h.Feed(4, "Failed password", "1.1.1.1", "carol");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].count, 3u);
}

TEST(SigmaCorrelationTest, ValueCountForgetsExpiredValues) {
  Harness h(std::string(kBase) +
            "---\ntitle: spray\ncorrelation:\n  type: value_count\n  rules: [failed]\n"
            "  group-by: [src_ip]\n  timespan: 1m\n  condition: {field: user, gte: 3}\n");
  h.Feed(0, "Failed password", "1.1.1.1", "alice");
  h.Feed(1, "Failed password", "1.1.1.1", "bob");
  EXPECT_TRUE(h.Feed(70, "Failed password", "1.1.1.1", "carol").empty());
  EXPECT_EQ(h.Feed(71, "Failed password", "1.1.1.1", "dave").size(), 0u);
  EXPECT_EQ(h.Feed(72, "Failed password", "1.1.1.1", "erin").size(), 1u);
}

TEST(SigmaCorrelationTest, TemporalNeedsEveryRuleInTheWindow) {
  Harness h(std::string(kBase) +
            "---\ntitle: both\ncorrelation:\n  type: temporal\n  rules: [failed, accepted]\n"
            "  group-by: [src_ip]\n  timespan: 1m\n");
  EXPECT_TRUE(h.Feed(0, "Accepted password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(10, "Failed password", "2.2.2.2").empty());  // other group
  EXPECT_EQ(Titles(h.Feed(20, "Failed password", "1.1.1.1")), std::vector<std::string>{"both"});
  EXPECT_TRUE(h.Feed(200, "Accepted password", "2.2.2.2").empty());  // too late
}

TEST(SigmaCorrelationTest, TemporalOrderedNeedsTheOrder) {
  Harness h(std::string(kBase) +
            "---\ntitle: ordered\ncorrelation:\n  type: temporal_ordered\n"
            "  rules: [failed, accepted]\n  group-by: [src_ip]\n  timespan: 1m\n");
  EXPECT_TRUE(h.Feed(0, "Accepted password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(1, "Failed password", "1.1.1.1").empty());  // wrong order so far
  EXPECT_EQ(Titles(h.Feed(2, "Accepted password", "1.1.1.1")), std::vector<std::string>{"ordered"});
  EXPECT_TRUE(h.Feed(3, "Failed password", "1.1.1.1").empty());
  EXPECT_TRUE(h.Feed(100, "Accepted password", "1.1.1.1").empty());  // failure too old
}

// The specification's example: many failures (a correlation) followed by a success.
TEST(SigmaCorrelationTest, ChainedCorrelations) {
  Harness h(std::string(kBase) +
            "---\ntitle: many failed\nname: many_failed\ncorrelation:\n  type: event_count\n"
            "  rules: [failed]\n  group-by: [src_ip]\n  timespan: 10m\n  condition: {gte: 3}\n"
            "---\ntitle: brute force success\ncorrelation:\n  type: temporal_ordered\n"
            "  rules: [many_failed, accepted]\n  group-by: [src_ip]\n  timespan: 10m\n");
  h.Feed(0, "Failed password", "1.1.1.1");
  h.Feed(1, "Failed password", "1.1.1.1");
  EXPECT_TRUE(h.Feed(2, "Failed password", "1.1.1.1").empty());  // many_failed is quiet
  auto fired = h.Feed(3, "Accepted password", "1.1.1.1");
  EXPECT_EQ(Titles(fired), std::vector<std::string>{"brute force success"});
  // A success without the failures first is not brute force.
  EXPECT_TRUE(h.Feed(4, "Accepted password", "2.2.2.2").empty());
}

TEST(SigmaCorrelationTest, AliasesPickTheFieldPerRule) {
  Harness h(std::string(kBase) +
            "---\ntitle: aliased\ncorrelation:\n  type: temporal\n  rules: [failed, accepted]\n"
            "  group-by: [who]\n  timespan: 1m\n  aliases:\n    who:\n      failed: src_ip\n"
            "      accepted: user\n");
  h.Feed(0, "Failed password", "bob", "x");
  auto fired = h.Feed(1, "Accepted password", "1.1.1.1", "bob");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].group_key, "who=bob");
}

TEST(SigmaCorrelationTest, UnresolvedAndCyclicReferencesAreReported) {
  auto engine = CompileYaml(std::string(kBase) +
                            "---\ntitle: dangling\ncorrelation:\n  type: event_count\n"
                            "  rules: [nope]\n  group-by: [src_ip]\n  timespan: 1m\n"
                            "  condition: {gte: 1}\n---\n"
                            "title: a\nname: a\ncorrelation:\n  type: event_count\n  rules: [b]\n"
                            "  timespan: 1m\n  condition: {gte: 1}\n---\n"
                            "title: b\nname: b\ncorrelation:\n  type: event_count\n  rules: [a]\n"
                            "  timespan: 1m\n  condition: {gte: 1}\n---\n"
                            "title: user of a\ncorrelation:\n  type: event_count\n  rules: [a]\n"
                            "  timespan: 1m\n  condition: {gte: 1}\n");
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->report().correlation_rules, 0u);
  ASSERT_EQ(engine->report().unsupported.size(), 4u) << engine->report().Summary();
  EXPECT_NE(engine->report().Summary().find("unknown rule 'nope'"), std::string::npos);
  EXPECT_NE(engine->report().Summary().find("cycle"), std::string::npos);
}

TEST(SigmaCorrelationTest, GroupCapEvictsOldestGroups) {
  SigmaCorrelationLimits limits;
  limits.max_groups = 2;
  Harness h(EventCount("{gte: 2}"), limits);
  h.Feed(0, "Failed password", "1.1.1.1");
  h.Feed(1, "Failed password", "2.2.2.2");
  h.Feed(2, "Failed password", "3.3.3.3");  // evicts 1.1.1.1
  EXPECT_EQ(h.correlator().evicted_groups(), 1u);
  EXPECT_TRUE(h.Feed(3, "Failed password", "1.1.1.1").empty());  // starts afresh
  EXPECT_EQ(h.Feed(4, "Failed password", "3.3.3.3").size(), 1u);
}

TEST(SigmaCorrelationTest, RepeatedValuesStayBounded) {
  SigmaCorrelationLimits limits;
  limits.max_entries_per_group = 4;
  Harness h(std::string(kBase) +
                "---\ntitle: spray\ncorrelation:\n  type: value_count\n  rules: [failed]\n"
                "  group-by: [src_ip]\n  timespan: 1h\n  condition: {field: user, gte: 3}\n",
            limits);
  // Many repeats of one user: only the last four observations are remembered.
  for (int i = 0; i < 100; ++i)
    EXPECT_TRUE(h.Feed(i, "Failed password", "1.1.1.1", "alice").empty());
  h.Feed(100, "Failed password", "1.1.1.1", "bob");
  EXPECT_EQ(h.Feed(101, "Failed password", "1.1.1.1", "carol").size(), 1u);
}

TEST(SigmaCorrelationTest, GroupCapOfOne) {
  SigmaCorrelationLimits limits;
  limits.max_groups = 1;
  Harness h(EventCount("{gte: 2}"), limits);
  for (int i = 0; i < 10; ++i) h.Feed(i, "Failed password", fmt::format("10.0.0.{}", i));
  EXPECT_EQ(h.correlator().evicted_groups(), 9u);
  EXPECT_EQ(h.Feed(20, "Failed password", "10.0.0.9").size(), 1u);
}

TEST(SigmaCorrelationTest, TotalEntriesBudgetDropsOldGroups) {
  SigmaCorrelationLimits limits;
  limits.max_entries = 8;
  Harness h(EventCount("{gte: 100}"), limits);
  for (int i = 0; i < 100; ++i) h.Feed(i, "Failed password", fmt::format("10.0.{}.1", i));
  EXPECT_GT(h.correlator().evicted_groups(), 80u);
}

TEST(SigmaCorrelationTest, LongGroupValuesAreCut) {
  Harness h(EventCount("{gte: 2}"));
  std::string long_a(1000, 'a'), long_b = std::string(1000, 'a') + "b";
  h.Feed(0, "Failed password", long_a);
  auto fired = h.Feed(1, "Failed password", long_b);  // same first 256 bytes: same group
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].group_key, "src_ip=" + std::string(256, 'a'));
}

// Two correlations with one definition share their groups (one lookup per event): both must
// still fire, each once per burst, and count their evictions, as two separate ones would.
TEST(SigmaCorrelationTest, IdenticalCorrelationsShareStateAndBothFire) {
  SigmaCorrelationLimits limits;
  limits.max_groups = 2;
  Harness h(EventCount("{gte: 2}") +
                "---\ntitle: brute twin\ncorrelation:\n  type: event_count\n"
                "  rules: [failed-id]\n  group-by: [src_ip]\n  timespan: 1m\n"
                "  condition: {gte: 2}\n"
                "---\ntitle: lt twin\ncorrelation:\n  type: event_count\n  rules: [failed-id]\n"
                "  group-by: [src_ip]\n  timespan: 1m\n  condition: {lt: 5}\n",
            limits);
  EXPECT_TRUE(h.Feed(0, "Failed password", "1.1.1.1").empty());
  std::vector<std::string> fired = Titles(h.Feed(1, "Failed password", "1.1.1.1"));
  std::sort(fired.begin(), fired.end());
  EXPECT_EQ(fired, (std::vector<std::string>{"brute", "brute twin"}));
  EXPECT_TRUE(h.Feed(2, "Failed password", "1.1.1.1").empty());  // both start afresh
  h.Feed(3, "Failed password", "2.2.2.2");
  h.Feed(4, "Failed password", "3.3.3.3");  // evicts 1.1.1.1 in each of the three
  EXPECT_EQ(h.correlator().evicted_groups(), 3u);
  EXPECT_EQ(Titles(h.Flush()), (std::vector<std::string>{"lt twin", "lt twin"}));
}

}  // namespace
}  // namespace hikeshi::triage
