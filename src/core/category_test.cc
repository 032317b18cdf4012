#include "core/category.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace hikeshi {
namespace {

TEST(Category, NamesRoundTrip) {
  for (const auto& info : Categories()) {
    EXPECT_EQ(ParseCategory(info.name), info.category);
    EXPECT_EQ(&Describe(info.category), &info);
    EXPECT_FALSE(info.label_ja.empty());
  }
  EXPECT_FALSE(ParseCategory("Scan"));
  EXPECT_EQ(Categories().size(), 9u);
}

TEST(Category, NotIncidentReasonsRoundTrip) {
  for (auto reason : {NotIncidentReason::kSpam, NotIncidentReason::kOneClickFraud,
                      NotIncidentReason::kLegitimateAccess, NotIncidentReason::kDuplicate,
                      NotIncidentReason::kOther}) {
    EXPECT_EQ(ParseNotIncidentReason(ToString(reason)), reason);
  }
  EXPECT_FALSE(ParseNotIncidentReason("spamm"));
}

// Every RSIT class we map to exists in the published machine-readable taxonomy.
TEST(Category, RsitMappingUsesRealTaxonomyValues) {
  const char* shared = std::getenv("HIKESHI_SHARED");
  ASSERT_NE(shared, nullptr) << "HIKESHI_SHARED must point at ../shared";
  std::ifstream file(std::string(shared) + "/data/taxonomy/rsit/machinev1");
  ASSERT_TRUE(file) << "RSIT taxonomy not found under " << shared;
  auto taxonomy = nlohmann::json::parse(file);
  std::set<std::string> known;
  for (const auto& group : taxonomy["values"]) {
    for (const auto& entry : group["entry"]) {
      known.insert(group["predicate"].get<std::string>() + ":" + entry["value"].get<std::string>());
    }
  }
  ASSERT_GT(known.size(), 30u);
  for (const auto& info : Categories()) {
    EXPECT_TRUE(known.contains(std::string(info.rsit))) << info.name << " -> " << info.rsit;
  }
}

}  // namespace
}  // namespace hikeshi
