#include "triage/correlation_window.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>

namespace hikeshi::triage::correlation {
namespace {

// Random pushes, pops and clears against std::deque, across the move from the inline ring to
// the heap and back.
TEST(TimeWindowTest, BehavesAsAFifo) {
  TimeWindow window;
  std::deque<int64_t> reference;
  std::mt19937 random(20261125);
  for (int64_t step = 0; step < 100'000; ++step) {
    uint32_t action = random() % 16;
    if (action < 8 || reference.empty()) {
      window.push_back(step);
      reference.push_back(step);
    } else if (action < 15) {
      window.pop_front();
      reference.pop_front();
    } else if (random() % 8 == 0) {
      window.clear();
      reference.clear();
    }
    ASSERT_EQ(window.size(), reference.size());
    ASSERT_EQ(window.empty(), reference.empty());
    if (!reference.empty()) ASSERT_EQ(window.front(), reference.front());
  }
}

TEST(TimeWindowTest, DrainsThroughTheRingAndTheHeap) {
  TimeWindow window;
  for (int64_t t = 0; t < 10; ++t) window.push_back(t);  // beyond the ring
  for (int64_t t = 0; t < 10; ++t) {
    ASSERT_EQ(window.front(), t);
    window.pop_front();
  }
  EXPECT_TRUE(window.empty());
  window.push_back(42);  // back in the ring
  EXPECT_EQ(window.front(), 42);
  EXPECT_EQ(window.size(), 1u);
}

}  // namespace
}  // namespace hikeshi::triage::correlation
