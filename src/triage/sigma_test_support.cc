#include "triage/sigma_test_support.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "triage/sigma_loader.h"

namespace hikeshi::triage::testing {

Event MakeEvent(std::string_view format, std::vector<std::pair<std::string, std::string>> fields,
                std::string_view message, std::string_view program, std::optional<Timestamp> time) {
  Event event;
  event.format = event.Own(std::string(format));
  event.program = event.Own(std::string(program));
  event.message = event.Own(std::string(message));
  event.line = event.message;
  event.source = "test.log";
  event.time = time;
  for (auto& [name, value] : fields) {
    std::string_view owned_name = event.Own(std::move(name));
    event.fields.push_back({owned_name, event.Own(std::move(value))});
  }
  return event;
}

std::unique_ptr<SigmaEngine> CompileYaml(std::string_view yaml) {
  SigmaRuleSet set;
  ParseSigmaRules(yaml, "test.yml", set);
  auto engine = SigmaEngine::Compile(std::move(set));
  EXPECT_TRUE(engine.has_value()) << (engine ? "" : engine.error().message);
  if (!engine) return nullptr;
  return std::move(*engine);
}

std::vector<std::string> MatchingTitles(const SigmaEngine& engine, const Event& event) {
  SigmaMatcher matcher(engine);
  std::vector<std::string> titles;
  for (uint32_t rule : matcher.Match(event)) titles.push_back(engine.rules()[rule].title);
  return titles;
}

std::string SyslogRule(std::string_view title, std::string_view detection) {
  return fmt::format(
      "title: {}\nid: {}\nlogsource:\n  product: linux\n  service: syslog\ndetection:\n{}\n", title,
      title, detection);
}

Timestamp At(int64_t seconds) { return FromMicros((1767225600LL + seconds) * 1'000'000); }

}  // namespace hikeshi::triage::testing
