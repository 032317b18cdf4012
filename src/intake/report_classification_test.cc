#include "intake/report_classification.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "intake/intake_test_support.h"

namespace hikeshi::intake {
namespace {

TEST(ReportClassification, ArfTypes) {
  EXPECT_TRUE(ClassifyArf("abuse").plain_spam);
  EXPECT_EQ(ClassifyArf("ABUSE").rsit, "abusive-content:spam");
  EXPECT_EQ(ClassifyArf("fraud").category, Category::kPhishing);
  EXPECT_EQ(ClassifyArf("virus").category, Category::kMalwareSite);
  EXPECT_EQ(ClassifyArf("auth-failure").rsit, "fraud:masquerade");
  EXPECT_FALSE(ClassifyArf("not-spam").plain_spam);
  EXPECT_EQ(ClassifyArf("something-new").rule, "default");
}

TEST(ReportClassification, XarfPairsTypesAndCategories) {
  EXPECT_EQ(ClassifyXarf("connection", "port_scan").category, Category::kScan);
  EXPECT_EQ(ClassifyXarf("abuse", "login-attack").rule, "xarf:*/login_attack");
  EXPECT_EQ(ClassifyXarf("copyright", "anything").rsit, "fraud:copyright");
  EXPECT_TRUE(ClassifyXarf("messaging", "spam").plain_spam);
  EXPECT_EQ(ClassifyXarf("nope", "nope").rule, "default");
}

// Every RSIT value in the table exists in the published machine-readable taxonomy.
TEST(ReportClassification, RsitValuesExist) {
  std::ifstream file(testing::SharedDir() / "data/taxonomy/rsit/machinev1");
  ASSERT_TRUE(file);
  auto taxonomy = nlohmann::json::parse(file);
  std::set<std::string> known;
  for (const auto& group : taxonomy["values"]) {
    for (const auto& entry : group["entry"]) {
      known.insert(group["predicate"].get<std::string>() + ":" + entry["value"].get<std::string>());
    }
  }
  EXPECT_TRUE(known.contains(std::string(Classification{}.rsit)));
  for (const ClassificationRow& row : ClassificationTable()) {
    EXPECT_TRUE(known.contains(std::string(row.rsit))) << row.rule << " -> " << row.rsit;
  }
}

}  // namespace
}  // namespace hikeshi::intake
