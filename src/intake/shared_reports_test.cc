// Extraction over the third-party report samples in ../shared/data/reports (see SOURCES.md).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "intake/indicator_extractor.h"

namespace hikeshi::intake {
namespace {

std::filesystem::path ReportsDir() {
  const char* shared = std::getenv("HIKESHI_SHARED");
  if (shared == nullptr) return {};
  return std::filesystem::path(shared) / "data" / "reports";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool Has(const ExtractionResult& result, ObservableKind kind, std::string_view value) {
  for (const auto& indicator : result.indicators) {
    if (indicator.observable.kind == kind && indicator.observable.value == value) return true;
  }
  return false;
}

TEST(SharedReports, EveryFileExtractsWithoutCrashing) {
  auto dir = ReportsDir();
  ASSERT_FALSE(dir.empty()) << "HIKESHI_SHARED must point at ../shared";
  size_t files = 0;
  size_t indicators = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    auto result = ExtractIndicators(ReadFile(entry.path()));
    ++files;
    indicators += result.indicators.size();
    for (const auto& indicator : result.indicators) {
      EXPECT_FALSE(indicator.observable.value.empty()) << entry.path();
      EXPECT_FALSE(indicator.observable.original.empty()) << entry.path();
    }
  }
  EXPECT_GE(files, 40u);
  EXPECT_GE(indicators, files);
}

TEST(SharedReports, FindsKnownIndicatorsInArf) {
  auto result = ExtractIndicators(ReadFile(ReportsDir() / "arf" / "bsd-arf-01.eml"));
  EXPECT_TRUE(Has(result, ObservableKind::kIpv4, "192.0.2.89"));
  EXPECT_TRUE(Has(result, ObservableKind::kDomain, "example.ed.jp"));
  EXPECT_TRUE(Has(result, ObservableKind::kUrl, "http://postmaster.example.net/tools/fbl.html"));
  EXPECT_TRUE(Has(result, ObservableKind::kEmail, "kijitora@example.co.jp"));
  ASSERT_FALSE(result.timestamps.empty());
  EXPECT_EQ(FormatRfc3339(result.timestamps[0].time), "2009-04-29T00:00:00.000000Z");
}

TEST(SharedReports, FindsKnownIndicatorsInXarfPhishing) {
  auto result = ExtractIndicators(ReadFile(ReportsDir() / "xarf" / "v4" / "content-phishing.json"));
  EXPECT_TRUE(Has(result, ObservableKind::kIpv4, "203.0.113.45"));
  EXPECT_TRUE(Has(result, ObservableKind::kUrl, "http://secure-banking-login.example.com/auth"));
  EXPECT_TRUE(Has(result, ObservableKind::kSha256,
                  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_TRUE(Has(result, ObservableKind::kEmail, "takedown@brand-protect.example"));
  ASSERT_FALSE(result.timestamps.empty());
  EXPECT_EQ(FormatRfc3339(result.timestamps[0].time), "2025-01-11T15:15:24.000000Z");
}

}  // namespace
}  // namespace hikeshi::intake
