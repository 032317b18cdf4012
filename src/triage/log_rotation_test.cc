#include "triage/log_rotation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <vector>

#include "triage/triage_run.h"

namespace hikeshi::triage {
namespace {
namespace fs = std::filesystem;

TEST(LogRotation, ParsesNumberedDatedAndLiveNames) {
  LogRotation live = LogRotationOf("/var/log/auth.log");
  EXPECT_EQ(live.base, "auth.log");
  EXPECT_EQ(live.group, 2);
  LogRotation one = LogRotationOf("/var/log/auth.log.1");
  EXPECT_EQ(one.base, "auth.log");
  EXPECT_EQ(one.group, 1);
  EXPECT_EQ(one.number, 1u);
  LogRotation two = LogRotationOf("auth.log.2.gz");
  EXPECT_EQ(two.base, "auth.log");
  EXPECT_EQ(two.number, 2u);
  LogRotation dated = LogRotationOf("auth.log-20261120.gz");
  EXPECT_EQ(dated.base, "auth.log");
  EXPECT_EQ(dated.group, 0);
  EXPECT_EQ(dated.number, 20261120u);
  // Not rotation suffixes: a version-like dot part and a short dash part.
  EXPECT_EQ(LogRotationOf("app.12345").group, 2);
  EXPECT_EQ(LogRotationOf("web-01.log").group, 2);
  EXPECT_EQ(LogRotationOf("x.99999999999999999999").group, 2);  // too long for a number
}

TEST(LogRotation, OldestFirst) {
  std::vector<fs::path> paths = {
      "d/auth.log", "d/auth.log.1",        "d/auth.log.10.gz", "d/auth.log.2.gz",
      "d/syslog",   "d/auth.log-20261101", "d/syslog.1",       "d/auth.log-20261020.gz"};
  std::sort(paths.begin(), paths.end(), LogPathBefore);
  std::vector<fs::path> expected = {
      "d/auth.log-20261020.gz", "d/auth.log-20261101", "d/auth.log.10.gz", "d/auth.log.2.gz",
      "d/auth.log.1",           "d/auth.log",          "d/syslog.1",       "d/syslog"};
  EXPECT_EQ(paths, expected);
}

// The triage pipeline reads a directory's rotation set oldest first.
TEST(LogRotation, ExpandTriagePathsReadsOldestFirst) {
  fs::path dir = fs::temp_directory_path() / "hikeshi_log_rotation_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const char* name : {"auth.log", "auth.log.1", "auth.log.2.gz"}) {
    std::ofstream(dir / name) << "x\n";
  }
  std::vector<fs::path> input = {dir};
  auto files = ExpandTriagePaths(input);
  ASSERT_TRUE(files.has_value());
  std::vector<fs::path> expected = {dir / "auth.log.2.gz", dir / "auth.log.1", dir / "auth.log"};
  EXPECT_EQ(*files, expected);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace hikeshi::triage
