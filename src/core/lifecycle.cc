#include "core/lifecycle.h"

#include <array>

namespace hikeshi {
namespace {

constexpr std::array<StateInfo, 7> kStates{{
    {State::kNew, "new", NistPhase::kDetectionAndAnalysis, JpcertStep::kSetUp},
    {State::kTriage, "triage", NistPhase::kDetectionAndAnalysis, JpcertStep::kInitialResponse},
    {State::kNotAnIncident, "not-an-incident", NistPhase::kDetectionAndAnalysis,
     JpcertStep::kInitialResponse},
    {State::kOpen, "open", NistPhase::kContainmentEradicationRecovery,
     JpcertStep::kInitialResponse},
    {State::kContained, "contained", NistPhase::kContainmentEradicationRecovery,
     JpcertStep::kContact},
    {State::kRecovered, "recovered", NistPhase::kContainmentEradicationRecovery,
     JpcertStep::kRecovery},
    {State::kClosed, "closed", NistPhase::kPostIncidentActivity, JpcertStep::kAfterwards},
}};

// The transition table, one row per source state, in State order.
constexpr std::array<State, 1> kFromNew{State::kTriage};
constexpr std::array<State, 2> kFromTriage{State::kOpen, State::kNotAnIncident};
constexpr std::array<State, 1> kFromNotAnIncident{State::kTriage};  // reopen
constexpr std::array<State, 1> kFromOpen{State::kContained};
constexpr std::array<State, 1> kFromContained{State::kRecovered};
constexpr std::array<State, 1> kFromRecovered{State::kClosed};
constexpr std::array<State, 1> kFromClosed{State::kOpen};  // reopen

}  // namespace

std::span<const StateInfo> States() { return kStates; }
const StateInfo& Describe(State state) { return kStates[static_cast<size_t>(state)]; }
std::string_view ToString(State state) { return Describe(state).name; }

std::optional<State> ParseState(std::string_view name) {
  for (const auto& info : kStates) {
    if (info.name == name) return info.state;
  }
  return std::nullopt;
}

std::string_view ToString(NistPhase phase) {
  switch (phase) {
    case NistPhase::kPreparation:
      return "preparation";
    case NistPhase::kDetectionAndAnalysis:
      return "detection-and-analysis";
    case NistPhase::kContainmentEradicationRecovery:
      return "containment-eradication-recovery";
    case NistPhase::kPostIncidentActivity:
      return "post-incident-activity";
  }
  return "";
}

std::string_view ToString(JpcertStep step) {
  switch (step) {
    case JpcertStep::kSetUp:
      return "体制";
    case JpcertStep::kInitialResponse:
      return "初期対応";
    case JpcertStep::kContact:
      return "連絡・広報";
    case JpcertStep::kRecovery:
      return "復旧と再発防止";
    case JpcertStep::kAfterwards:
      return "事後対応";
  }
  return "";
}

std::span<const State> NextStates(State from) {
  switch (from) {
    case State::kNew:
      return kFromNew;
    case State::kTriage:
      return kFromTriage;
    case State::kNotAnIncident:
      return kFromNotAnIncident;
    case State::kOpen:
      return kFromOpen;
    case State::kContained:
      return kFromContained;
    case State::kRecovered:
      return kFromRecovered;
    case State::kClosed:
      return kFromClosed;
  }
  return {};
}

bool IsLegalTransition(State from, State to) {
  for (State next : NextStates(from)) {
    if (next == to) return true;
  }
  return false;
}

}  // namespace hikeshi
