// The incident lifecycle: states, the legal transitions between them, and how each state maps
// onto NIST SP 800-61 phases and JPCERT/CC's five steps of incident response.
//
//   new ─► triage ─┬─► not-an-incident ─(reopen)─► triage
//                  └─► open ─► contained ─► recovered ─► closed ─(reopen)─► open
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace hikeshi {

enum class State { kNew, kTriage, kNotAnIncident, kOpen, kContained, kRecovered, kClosed };

enum class NistPhase {
  kPreparation,
  kDetectionAndAnalysis,
  kContainmentEradicationRecovery,
  kPostIncidentActivity,
};

// JPCERT/CC: 体制 → 初期対応 → 連絡・広報 → 復旧と再発防止 → 事後対応.
enum class JpcertStep { kSetUp = 1, kInitialResponse, kContact, kRecovery, kAfterwards };

struct StateInfo {
  State state;
  std::string_view name;  // stable API name, e.g. "not-an-incident"
  NistPhase nist;
  JpcertStep jpcert;
};

std::span<const StateInfo> States();
const StateInfo& Describe(State state);
std::string_view ToString(State state);
std::optional<State> ParseState(std::string_view name);
std::string_view ToString(NistPhase phase);  // "detection-and-analysis", …
std::string_view ToString(JpcertStep step);  // "体制", "初期対応", …

bool IsLegalTransition(State from, State to);
// The states reachable from `from` in one step (for UIs offering only legal buttons).
std::span<const State> NextStates(State from);

}  // namespace hikeshi
