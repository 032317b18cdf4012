// Golden tests: every sample report under ../shared/data/reports/ and every fixture under
// tests/data/mail/ parses, and its JSON rendering equals the reviewed golden file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "intake/arf.h"
#include "intake/intake_json.h"
#include "intake/intake_test_support.h"
#include "intake/mail.h"
#include "intake/xarf.h"

namespace hikeshi::intake {
namespace {

namespace fs = std::filesystem;
using testing::CompareGolden;
using testing::ReadFile;

std::vector<fs::path> FilesWithExtension(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// A mail as the golden files show it: the parsed mail, then any ARF or X-ARF report it carries.
std::string RenderMail(const std::string& raw) {
  Result<ParsedMail> mail = ParseMail(raw);
  if (!mail) return "error: " + mail.error().message + "\n";
  nlohmann::ordered_json json;
  json["mail"] = ToJson(*mail);
  ArfReport arf = ParseArf(*mail);
  if (arf.found || arf.original) {
    json["arf"] = ToJson(arf);
    json["arf"].erase("original");  // already under mail.messages
  }
  if (Result<XarfReport> xarf = FindXarfInMail(*mail)) json["xarf"] = ToJson(*xarf);
  return DumpJson(json);
}

void CheckMailDirectory(const fs::path& input_dir, const fs::path& golden_dir,
                        std::size_t minimum) {
  std::vector<fs::path> files = FilesWithExtension(input_dir, ".eml");
  ASSERT_GE(files.size(), minimum) << input_dir;
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::string rendered = RenderMail(ReadFile(file));
    EXPECT_EQ(rendered.rfind("error:", 0), std::string::npos) << rendered;
    fs::path golden = golden_dir / (file.stem().string() + ".json");
    std::string difference = CompareGolden(golden, rendered);
    EXPECT_TRUE(difference.empty()) << difference;
  }
}

TEST(Golden, SharedArfSamples) {
  CheckMailDirectory(testing::SharedDir() / "data/reports/arf",
                     testing::SourceDir() / "tests/data/arf", 19);
}

TEST(Golden, MailFixtures) {
  fs::path dir = testing::SourceDir() / "tests/data/mail";
  CheckMailDirectory(dir, dir, 9);
}

TEST(Golden, SharedXarfV4Samples) {
  std::vector<fs::path> files =
      FilesWithExtension(testing::SharedDir() / "data/reports/xarf/v4", ".json");
  ASSERT_GE(files.size(), 32u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    Result<XarfReport> report = ParseXarfJson(ReadFile(file));
    ASSERT_TRUE(report.has_value()) << report.error().message;
    EXPECT_EQ(report->format, "xarf-v4-json");
    EXPECT_FALSE(report->category.empty());
    EXPECT_FALSE(report->type.empty());
    fs::path golden = testing::SourceDir() / "tests/data/xarf" / (file.stem().string() + ".json");
    std::string difference = CompareGolden(golden, DumpJson(ToJson(*report)));
    EXPECT_TRUE(difference.empty()) << difference;
  }
}

}  // namespace
}  // namespace hikeshi::intake
