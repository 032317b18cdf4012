#include "triage/finding_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hikeshi::triage {
namespace {

Finding Make(std::optional<int64_t> time_us, std::string source, uint64_t offset,
             std::string rule_id, std::string tag) {
  Finding f;
  if (time_us) f.time = FromMicros(*time_us);
  f.source = std::move(source);
  f.offset = offset;
  f.rule_id = std::move(rule_id);
  f.rule_title = "title of " + f.rule_id + std::string(40, 'x');
  f.tags = {std::move(tag)};
  f.matched_fields = {{"src_ip", "203.0.113.9"}};
  return f;
}

// Findings in scrambled order, with exact ties told apart only by their tag (insertion order).
std::vector<Finding> Input() {
  std::vector<Finding> input;
  for (int i = 0; i < 500; ++i) {
    std::optional<int64_t> time;
    if (i % 7 != 0) time = (i * 7919) % 97;
    input.push_back(Make(time, i % 2 ? "b.log" : "a.log", static_cast<uint64_t>(i % 5),
                         "rule-" + std::to_string(i % 3), "n" + std::to_string(i)));
  }
  return input;
}

std::vector<std::string> Tags(const std::vector<Finding>& findings) {
  std::vector<std::string> tags;
  for (const Finding& f : findings) tags.push_back(f.tags.at(0));
  return tags;
}

TEST(FindingStore, EmptyIteratesNothing) {
  FindingStore store;
  EXPECT_TRUE(store.empty());
  EXPECT_EQ(store.begin(), store.end());
  EXPECT_TRUE(store.ToVector().empty());
}

TEST(FindingStore, SpilledRunsMergeIntoTheStableSortedOrder) {
  std::vector<Finding> expected = Input();
  std::stable_sort(expected.begin(), expected.end(), FindingOrder);
  FindingStore memory;            // everything stays in memory
  FindingStore spilled(4 << 10);  // a run every few dozen findings
  for (const Finding& f : Input()) {
    memory.Add(f);
    spilled.Add(f);
  }
  EXPECT_EQ(memory.runs(), 0u);
  EXPECT_GT(spilled.runs(), 5u);
  EXPECT_EQ(spilled.size(), expected.size());
  EXPECT_EQ(Tags(memory.ToVector()), Tags(expected));
  std::vector<Finding> merged = spilled.ToVector();
  EXPECT_EQ(Tags(merged), Tags(expected));
  ASSERT_EQ(merged.size(), expected.size());
  for (size_t i = 0; i < merged.size(); ++i) {
    EXPECT_EQ(merged[i].time, expected[i].time);
    EXPECT_EQ(merged[i].rule_title, expected[i].rule_title);
    EXPECT_EQ(merged[i].matched_fields, expected[i].matched_fields);
  }
  // A second pass reads the same, and a moved store keeps its runs.
  FindingStore moved = std::move(spilled);
  EXPECT_EQ(Tags(moved.ToVector()), Tags(expected));
}

}  // namespace
}  // namespace hikeshi::triage
