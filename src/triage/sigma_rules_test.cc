// The compile report over rule sets nobody here wrote: SigmaHQ's linux and web rules, and the
// SigmaHQ "unsupported" folder (deprecated aggregations, logsources without a reader).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "triage/sigma_engine.h"
#include "triage/sigma_loader.h"

namespace hikeshi::triage {
namespace {

std::filesystem::path SigmaData() {
  const char* shared = std::getenv("HIKESHI_SHARED");
  EXPECT_NE(shared, nullptr) << "HIKESHI_SHARED must point at ../shared";
  return std::filesystem::path(shared ? shared : "") / "data" / "sigma";
}

TEST(SigmaRulesTest, AllSigmaHqLinuxAndWebRulesCompile) {
  SigmaRuleSet set;
  ASSERT_TRUE(LoadSigmaRuleFiles(SigmaData() / "rules" / "linux", set));
  ASSERT_TRUE(LoadSigmaRuleFiles(SigmaData() / "rules" / "web", set));
  auto engine = SigmaEngine::Compile(std::move(set));
  ASSERT_TRUE(engine) << engine.error().message;
  const SigmaCompileReport& report = (*engine)->report();
  // 210 linux + 45 web rule files, one document each.
  EXPECT_EQ(report.detection_rules, 255u) << report.Summary();
  EXPECT_EQ(report.correlation_rules, 0u);
  EXPECT_TRUE(report.unsupported.empty()) << report.Summary();
}

TEST(SigmaRulesTest, UnsupportedFolderIsReportedWithReasons) {
  SigmaRuleSet set;
  ASSERT_TRUE(LoadSigmaRuleFiles(SigmaData() / "unsupported", set));
  auto engine = SigmaEngine::Compile(std::move(set));
  ASSERT_TRUE(engine) << engine.error().message;
  const SigmaCompileReport& report = (*engine)->report();
  // 87 files; 3 hold several documents in the legacy "action: global" style. Only
  // lnx_auditd_omigod_scx_runasprovider_executescript.yml is an ordinary rule.
  EXPECT_EQ(report.detection_rules, 1u) << report.Summary();
  size_t aggregation = 0, no_reader = 0, no_logsource = 0;
  for (const SigmaUnsupported& u : report.unsupported) {
    EXPECT_FALSE(u.file.empty());
    if (u.reason.find("aggregation") != std::string::npos)
      ++aggregation;
    else if (u.reason.find("has no reader") != std::string::npos)
      ++no_reader;
    else if (u.reason == "logsource missing")
      ++no_logsource;
    else
      ADD_FAILURE() << "unexpected reason: " << u.reason;
  }
  EXPECT_EQ(aggregation, 11u);
  EXPECT_EQ(no_reader, 78u);
  EXPECT_EQ(no_logsource, 2u);
}

TEST(SigmaRulesTest, WindowsRulesAreRefusedForTheirLogsourceOnly) {
  SigmaRuleSet set;
  ASSERT_TRUE(LoadSigmaRuleFiles(SigmaData() / "rules" / "windows", set));
  EXPECT_TRUE(set.rules.empty());
  for (const SigmaUnsupported& u : set.unsupported) {
    EXPECT_NE(u.reason.find("product=windows"), std::string::npos) << u.file << ": " << u.reason;
  }
}

}  // namespace
}  // namespace hikeshi::triage
