// Fuzzes the Sigma loader (YAML documents, detections, modifiers, correlations), the
// condition parser, the engine's compilation, and matching plus correlation on fixed events
// whose message is also taken from the input. See README.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "triage/event.h"
#include "triage/sigma_condition.h"
#include "triage/sigma_correlation.h"
#include "triage/sigma_engine.h"
#include "triage/sigma_loader.h"

namespace {

using hikeshi::triage::Event;

// Small limits keep each input fast; the code paths are the same as with the defaults.
hikeshi::triage::SigmaLoadLimits Limits() {
  hikeshi::triage::SigmaLoadLimits limits;
  limits.max_file_bytes = 64 * 1024;
  limits.max_documents = 16;
  limits.max_nodes = 20'000;
  return limits;
}

void AddField(Event& event, std::string_view name, std::string value) {
  event.fields.push_back({name, event.Own(std::move(value))});
}

std::vector<Event> Events(std::string_view text) {
  std::vector<Event> events(4);
  const char* formats[] = {"syslog3164", "access", "netfilter", "jsonl"};
  const char* programs[] = {"sshd", "", "kernel", ""};
  for (size_t i = 0; i < events.size(); ++i) {
    Event& e = events[i];
    e.format = formats[i];
    e.program = programs[i];
    e.message = e.line = e.Own(std::string(text));
    e.source = "fuzz";
    e.time = hikeshi::FromMicros(1'700'000'000'000'000LL + static_cast<int64_t>(i) * 1'000'000);
    AddField(e, "src_ip", i % 2 ? "203.0.113.9" : "2001:db8::1");
    AddField(e, "user", std::string(text.substr(0, 16)));
    AddField(e, "outcome", "failure");
    AddField(e, "c-ip", "203.0.113.9");
    AddField(e, "cs-uri-stem", std::string(text.substr(0, 64)));
    AddField(e, "cs-uri-query", std::string(text.substr(text.size() / 2)));
    AddField(e, "sc-status", "404");
    AddField(e, "dst_port", std::to_string(text.size()));
    AddField(e, "CommandLine", std::string(text));
  }
  return events;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first line is also a condition over fixed identifiers.
  static const std::vector<std::string> kNames = {"selection", "sel_a",   "sel_b",
                                                  "filter",    "_hidden", "keywords"};
  (void)hikeshi::triage::ParseSigmaCondition(input.substr(0, input.find('\n')), kNames);

  hikeshi::triage::SigmaRuleSet set;
  hikeshi::triage::ParseSigmaRules(input, "fuzz.yml", set, Limits());
  if (set.rules.empty()) return 0;
  auto engine = hikeshi::triage::SigmaEngine::Compile(std::move(set));
  if (!engine) return 0;
  (void)(*engine)->report().Summary();
  hikeshi::triage::SigmaMatcher matcher(**engine);
  hikeshi::triage::SigmaCorrelationLimits limits;
  limits.max_groups = 4;
  limits.max_entries_per_group = 8;
  hikeshi::triage::SigmaCorrelator correlator(**engine, limits);
  std::vector<hikeshi::triage::Finding> findings;
  for (int round = 0; round < 3; ++round) {
    for (const Event& event : Events(input)) {
      correlator.Observe(event, matcher.Match(event), matcher, findings);
    }
  }
  correlator.Flush(findings);
  return 0;
}
