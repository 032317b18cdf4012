#include "triage/flat_key_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace hikeshi::triage {
namespace {

TEST(FlatKeyTableTest, FindsWhatWasAddedShortAndLongKeys) {
  FlatKeyTable<int> table;
  std::string long_key(300, 'k');
  table.Emplace("src_ip=203.0.113.254") = 1;
  table.Emplace(long_key) = 2;
  table.Emplace("") = 3;
  ASSERT_NE(table.Find("src_ip=203.0.113.254"), nullptr);
  EXPECT_EQ(*table.Find("src_ip=203.0.113.254"), 1);
  EXPECT_EQ(*table.Find(long_key), 2);
  EXPECT_EQ(*table.Find(""), 3);
  EXPECT_EQ(table.Find("src_ip=203.0.113.25"), nullptr);
  EXPECT_EQ(table.size(), 3u);
}

TEST(FlatKeyTableTest, EraseIfRespectsBudget) {
  FlatKeyTable<int> table;
  for (int i = 0; i < 10; ++i) table.Emplace("key" + std::to_string(i)) = i;
  EXPECT_EQ(table.EraseIf([](const auto& entry) { return entry.value % 2 == 0; }, 3), 3u);
  EXPECT_EQ(table.size(), 7u);
  EXPECT_EQ(table.EraseIf([](const auto& entry) { return entry.value % 2 == 0; }), 2u);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(table.Find("key" + std::to_string(i)) != nullptr, i % 2 == 1) << i;
  }
}

// Random adds, erases, shrinks and clears against std::map: every key findable exactly when
// the reference holds it, with its value (covers backward-shift deletion and the moves).
TEST(FlatKeyTableTest, AgreesWithMapUnderRandomOperations) {
  FlatKeyTable<int> table;
  std::map<std::string, int> reference;
  std::mt19937 random(20261125);
  for (int step = 0; step < 200'000; ++step) {
    std::string key = "k" + std::to_string(random() % 3000);
    if (random() % 40 == 0) key += std::string(60, 'x');  // some keys on the heap
    int* found = table.Find(key);
    ASSERT_EQ(found != nullptr, reference.contains(key)) << key;
    if (!found) {
      table.Emplace(key) = step;
      reference[key] = step;
    } else {
      ASSERT_EQ(*found, reference[key]);
    }
    if (step % 997 == 0) {
      int modulus = 2 + static_cast<int>(random() % 5);
      table.EraseIf([&](const auto& entry) { return entry.value % modulus == 0; });
      std::erase_if(reference, [&](const auto& entry) { return entry.second % modulus == 0; });
      table.ShrinkIfSparse();
    }
    if (step % 50'000 == 49'999) {
      table.Clear();
      reference.clear();
    }
    ASSERT_EQ(table.size(), reference.size());
  }
  for (const auto& [key, value] : reference) {
    ASSERT_NE(table.Find(key), nullptr);
    EXPECT_EQ(*table.Find(key), value);
  }
}

}  // namespace
}  // namespace hikeshi::triage
