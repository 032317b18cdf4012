// The compiled Sigma rule set and its per-thread matcher.
//
// Compile() turns loaded rules into Vectorscan databases, one per Event field that rules look
// at (plus one for keywords, scanned over the message), holding every literal/wildcard value
// of every rule: each field value of an event is scanned once, whatever the number of rules.
// Only rules with a hit (or whose condition can hold without one, e.g. `not filter`) are then
// evaluated, with item results memoised per event. `re` values run on RE2, and only where a
// Vectorscan prefilter of the same expression hit (when Vectorscan accepts the expression).
//
// Thread-safety: a SigmaEngine is immutable after Compile() and shared; each thread uses its
// own SigmaMatcher.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "triage/event.h"
#include "triage/finding.h"
#include "triage/sigma_rule.h"

namespace hikeshi::triage {

struct SigmaCompileReport {
  size_t detection_rules = 0;                 // compiled detection rules
  size_t correlation_rules = 0;               // compiled correlation rules
  std::vector<SigmaUnsupported> unsupported;  // from loading and from compiling
  // "compiled 250 detection and 3 correlation rules; 5 unsupported" and one line per rule.
  std::string Summary() const;
};

class SigmaEngine {
 public:
  // Takes the loaded rules (and their unsupported list, carried into the report). Fails only
  // on an internal Vectorscan failure; a rule that cannot be compiled is reported instead.
  static Result<std::unique_ptr<SigmaEngine>> Compile(SigmaRuleSet rules);
  ~SigmaEngine();
  SigmaEngine(const SigmaEngine&) = delete;
  SigmaEngine& operator=(const SigmaEngine&) = delete;

  const SigmaCompileReport& report() const;
  // Every compiled rule, detection and correlation; matcher results index into this.
  const std::vector<SigmaRule>& rules() const;
  // Correlation rule indices in evaluation order (a correlation after those it refers to).
  const std::vector<uint32_t>& correlation_order() const;
  // The rules a correlation refers to (indices into rules()).
  const std::vector<uint32_t>& correlation_refs(uint32_t rule) const;
  // False when every correlation referring to the rule leaves `generate` off: then the rule
  // contributes to correlations but is not reported on its own.
  bool reported_alone(uint32_t rule) const;

  struct Compiled;  // internals, defined in sigma_engine.cc

 private:
  explicit SigmaEngine(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
  friend class SigmaMatcher;
};

class SigmaMatcher {
 public:
  explicit SigmaMatcher(const SigmaEngine& engine);
  ~SigmaMatcher();
  SigmaMatcher(const SigmaMatcher&) = delete;
  SigmaMatcher& operator=(const SigmaMatcher&) = delete;

  // Indices (into engine.rules()) of the detection rules matching `event`, ascending. Valid
  // until the next call.
  const std::vector<uint32_t>& Match(const Event& event);

  // A finding for detection rule `rule` on `event` (the fields the rule names, with values).
  Finding MakeFinding(uint32_t rule, const Event& event) const;

 private:
  struct State;
  std::optional<std::string_view> FieldValue(std::string_view name) const;
  int FieldIndexOf(std::string_view name);
  bool EvaluateItem(uint32_t global_item);
  bool EvaluateSelection(uint32_t rule, uint32_t selection);
  bool Evaluate(uint32_t rule, const SigmaCondition& node);

  const SigmaEngine& engine_;
  std::unique_ptr<State> state_;
};

}  // namespace hikeshi::triage
