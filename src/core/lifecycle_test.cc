#include "core/lifecycle.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace hikeshi {
namespace {

// The whole transition table, spelled out: every pair not listed here must be refused.
const std::set<std::pair<State, State>> kLegal = {
    {State::kNew, State::kTriage},           {State::kTriage, State::kOpen},
    {State::kTriage, State::kNotAnIncident}, {State::kNotAnIncident, State::kTriage},
    {State::kOpen, State::kContained},       {State::kContained, State::kRecovered},
    {State::kRecovered, State::kClosed},     {State::kClosed, State::kOpen},
};

TEST(Lifecycle, EveryPairMatchesTheTable) {
  for (const auto& from : States()) {
    for (const auto& to : States()) {
      bool expected = kLegal.contains({from.state, to.state});
      EXPECT_EQ(IsLegalTransition(from.state, to.state), expected)
          << from.name << " -> " << to.name;
    }
  }
}

TEST(Lifecycle, NextStatesAgreeWithIsLegal) {
  size_t total = 0;
  for (const auto& from : States()) {
    for (State next : NextStates(from.state)) {
      EXPECT_TRUE(IsLegalTransition(from.state, next));
      ++total;
    }
  }
  EXPECT_EQ(total, kLegal.size());
}

TEST(Lifecycle, NamesRoundTrip) {
  for (const auto& info : States()) {
    EXPECT_EQ(ParseState(info.name), info.state);
    EXPECT_EQ(ToString(info.state), info.name);
  }
  EXPECT_FALSE(ParseState("Open"));
  EXPECT_FALSE(ParseState(""));
}

TEST(Lifecycle, PhasesFollowNistAndJpcertInOrder) {
  EXPECT_EQ(Describe(State::kNew).nist, NistPhase::kDetectionAndAnalysis);
  EXPECT_EQ(Describe(State::kContained).nist, NistPhase::kContainmentEradicationRecovery);
  EXPECT_EQ(Describe(State::kClosed).nist, NistPhase::kPostIncidentActivity);
  EXPECT_EQ(Describe(State::kNew).jpcert, JpcertStep::kSetUp);
  EXPECT_EQ(Describe(State::kTriage).jpcert, JpcertStep::kInitialResponse);
  EXPECT_EQ(Describe(State::kContained).jpcert, JpcertStep::kContact);
  EXPECT_EQ(Describe(State::kRecovered).jpcert, JpcertStep::kRecovery);
  EXPECT_EQ(Describe(State::kClosed).jpcert, JpcertStep::kAfterwards);
  EXPECT_EQ(ToString(JpcertStep::kContact), "連絡・広報");
  // Along the main path the steps never go backwards.
  State path[] = {State::kNew,       State::kTriage,    State::kOpen,
                  State::kContained, State::kRecovered, State::kClosed};
  for (size_t i = 1; i < std::size(path); ++i) {
    EXPECT_LE(Describe(path[i - 1]).jpcert, Describe(path[i]).jpcert);
    EXPECT_LE(Describe(path[i - 1]).nist, Describe(path[i]).nist);
  }
}

}  // namespace
}  // namespace hikeshi
