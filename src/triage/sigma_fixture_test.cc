// Fixtures under tests/data/sigma/: the correlation specification's own example, and the
// golden compile report of SigmaHQ's "unsupported" folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "triage/sigma_correlation.h"
#include "triage/sigma_loader.h"
#include "triage/sigma_test_support.h"

namespace hikeshi::triage {
namespace {

const std::string kFixtures = HIKESHI_SOURCE_DIR "/tests/data/sigma";

TEST(SigmaFixtureTest, SpecificationExampleFiresOnceAfterTenFailures) {
  SigmaRuleSet set;
  ASSERT_TRUE(LoadSigmaRuleFiles(kFixtures + "/spec_brute_force.yml", set));
  auto engine = SigmaEngine::Compile(std::move(set));
  ASSERT_TRUE(engine);
  ASSERT_EQ((*engine)->report().correlation_rules, 2u) << (*engine)->report().Summary();
  ASSERT_EQ((*engine)->report().detection_rules, 2u);
  SigmaMatcher matcher(**engine);
  SigmaCorrelator correlator(**engine);
  std::vector<Finding> findings;
  auto feed = [&](int64_t second, std::string_view message, std::string_view user) {
    Event event = testing::MakeEvent("syslog3164", {{"user", std::string(user)}}, message, "sshd",
                                     testing::At(second));
    correlator.Observe(event, matcher.Match(event), matcher, findings);
  };
  feed(0, "Accepted password for alice from 192.0.2.1 port 1 ssh2", "alice");
  for (int i = 1; i <= 10; ++i)
    feed(i, "Failed password for bob from 192.0.2.2 port 1 ssh2", "bob");
  feed(11, "Accepted password for carol from 192.0.2.3 port 1 ssh2", "carol");
  EXPECT_TRUE(findings.empty());  // referenced rules are quiet (generate is off)
  feed(12, "Accepted password for bob from 192.0.2.2 port 1 ssh2", "bob");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule_id, "b180ead8-d58f-40b2-ae54-c8940995b9b6");
  EXPECT_EQ(findings[0].group_key, "user=bob");
  EXPECT_EQ(findings[0].level, "high");
}

// One line per refused document, "<path under data/sigma>: <reason>", sorted; compared with
// tests/data/sigma/unsupported_report.txt (checked by eye against the rule files).
TEST(SigmaFixtureTest, UnsupportedFolderReportIsGolden) {
  const char* shared = std::getenv("HIKESHI_SHARED");
  ASSERT_NE(shared, nullptr);
  std::string base = std::string(shared) + "/data/sigma/";
  SigmaRuleSet set;
  ASSERT_TRUE(LoadSigmaRuleFiles(base + "unsupported", set));
  auto engine = SigmaEngine::Compile(std::move(set));
  ASSERT_TRUE(engine);
  std::vector<std::string> lines;
  for (const SigmaUnsupported& u : (*engine)->report().unsupported) {
    std::string file = u.file.starts_with(base) ? u.file.substr(base.size()) : u.file;
    lines.push_back(file + ": " + u.reason);
  }
  std::sort(lines.begin(), lines.end());
  std::string actual;
  for (const std::string& line : lines) actual += line + "\n";
  std::ifstream golden(kFixtures + "/unsupported_report.txt");
  std::stringstream expected;
  expected << golden.rdbuf();
  EXPECT_EQ(actual, expected.str());
}

}  // namespace
}  // namespace hikeshi::triage
