// Golden tests: every tests/data/readers/<format>/<name>.log is read with that format and its
// events, rendered by RenderEventJson one per line, followed by one line of anomaly counts,
// must equal <name>.expected.jsonl beside it. HIKESHI_UPDATE_GOLDEN=1 rewrites the expected
// files instead (then check them by eye before committing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "triage/event_json.h"
#include "triage/log_reader.h"

namespace hikeshi::triage {
namespace {

namespace fs = std::filesystem;

// A fixed RFC 3164 year reference: checkouts do not preserve file times.
const Timestamp kReference = *ParseRfc3339("2026-11-25T00:00:00Z");

std::string ReadText(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string Render(const fs::path& path, LogFormat format) {
  ReadOptions options;
  options.format = format;
  options.year_reference = kReference;
  auto file = LogFile::Open(path, options);
  EXPECT_TRUE(file.has_value()) << path;
  if (!file) return {};
  std::string out;
  auto stats = file->Read([&](const Event& event) { out += RenderEventJson(event) + "\n"; });
  EXPECT_TRUE(stats.has_value()) << path;
  if (!stats) return out;
  out += "{\"anomalies\":{";
  bool first = true;
  for (int i = 0; i < kAnomalyCount; ++i) {
    uint64_t count = stats->anomalies.counts[i];
    if (count == 0) continue;
    out += (first ? "\"" : ",\"") + std::string(AnomalyName(static_cast<Anomaly>(i))) +
           "\":" + std::to_string(count);
    first = false;
  }
  out += "},\"lines\":" + std::to_string(stats->lines) +
         ",\"events\":" + std::to_string(stats->events) + "}\n";
  return out;
}

TEST(ReadersGolden, EveryFixtureMatchesItsExpectedEvents) {
  fs::path root = fs::path(HIKESHI_TEST_DATA) / "readers";
  bool update = std::getenv("HIKESHI_UPDATE_GOLDEN") != nullptr;
  int fixtures = 0;
  for (const LogFormatInfo& info : LogFormats()) {
    fs::path folder = root / std::string(info.name);
    ASSERT_TRUE(fs::is_directory(folder)) << "no golden fixtures for " << info.name;
    for (const auto& entry : fs::directory_iterator(folder)) {
      if (entry.path().extension() != ".log") continue;
      ++fixtures;
      std::string actual = Render(entry.path(), info.format);
      fs::path expected_path = entry.path();
      expected_path.replace_extension(".expected.jsonl");
      if (update) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        continue;
      }
      EXPECT_EQ(actual, ReadText(expected_path)) << entry.path();
    }
  }
  EXPECT_GE(fixtures, kLogFormatCount);
}

// Auto-detection picks the folder's format for every fixture.
TEST(ReadersGolden, EveryFixtureIsDetectedAsItsFormat) {
  fs::path root = fs::path(HIKESHI_TEST_DATA) / "readers";
  for (const LogFormatInfo& info : LogFormats()) {
    for (const auto& entry : fs::directory_iterator(root / std::string(info.name))) {
      if (entry.path().extension() != ".log") continue;
      auto file = LogFile::Open(entry.path());
      ASSERT_TRUE(file.has_value()) << entry.path() << ": " << file.error().message;
      EXPECT_EQ(LogFormatName(file->format()), info.name) << entry.path();
    }
  }
}

}  // namespace
}  // namespace hikeshi::triage
