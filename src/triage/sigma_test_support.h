// Helpers for the Sigma tests: hand-built events and rules compiled from YAML text.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "triage/event.h"
#include "triage/sigma_engine.h"

namespace hikeshi::triage::testing {

// An event from `format` with the given fields; all strings are owned by the event.
Event MakeEvent(std::string_view format, std::vector<std::pair<std::string, std::string>> fields,
                std::string_view message = "", std::string_view program = "",
                std::optional<Timestamp> time = std::nullopt);

// Compiles `yaml` (one or more documents); fails the test on an internal error.
std::unique_ptr<SigmaEngine> CompileYaml(std::string_view yaml);

// Titles of the detection rules matching `event`.
std::vector<std::string> MatchingTitles(const SigmaEngine& engine, const Event& event);

// A rule for product linux / service syslog whose `detection` is the YAML body (indented two
// spaces) under "detection:"; its id and title are `title`.
std::string SyslogRule(std::string_view title, std::string_view detection);

Timestamp At(int64_t seconds);  // 2026-01-01T00:00:00Z plus `seconds`

}  // namespace hikeshi::triage::testing
