#include "cli/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace hikeshi::cli {
namespace {

std::string WriteFile(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("hikeshi-config-" + std::to_string(getpid()) + "-" +
               std::to_string(std::hash<std::string>{}(text)) + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsWithoutAFile) {
  auto config = LoadConfig("");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->db, "hikeshi.db");
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
}

TEST(Config, FileOverridesDefaults) {
  auto path = WriteFile(
      "[store]\ndb = \"/var/lib/hikeshi/h.db\"\nsqlite_synchronous = \"full\"\n"
      "[server]\nlisten = \"127.0.0.1:9000\"\nthreads = 4\n");
  auto config = LoadConfig(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->db, "/var/lib/hikeshi/h.db");
  EXPECT_EQ(config->sqlite_synchronous, "full");
  EXPECT_EQ(config->listen, "127.0.0.1:9000");
  EXPECT_EQ(config->threads, 4);
}

TEST(Config, ClearErrorsForBadFiles) {
  EXPECT_EQ(LoadConfig("/nonexistent/hikeshi.toml").error().code, ErrorCode::kInvalid);
  auto broken = LoadConfig(WriteFile("[store\ndb = 1\n"));
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find(":1:"), std::string::npos) << broken.error().message;
  EXPECT_FALSE(LoadConfig(WriteFile("[store]\nsqlite_synchronous = \"off\"\n")));
}

TEST(Config, PostgresUrlAndPoolSettings) {
  auto path = WriteFile(
      "[store]\ndb = \"postgresql://hikeshi@db.example.net/hikeshi\"\n"
      "postgres_pool_size = 4\npostgres_acquire_timeout_ms = 250\n");
  auto config = LoadConfig(path);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->db, "postgresql://hikeshi@db.example.net/hikeshi");
  EXPECT_EQ(config->postgres_pool_size, 4);
  EXPECT_EQ(config->postgres_acquire_timeout_ms, 250);
  EXPECT_EQ(LoadConfig("").value().postgres_pool_size, 8);
  EXPECT_FALSE(LoadConfig(WriteFile("[store]\npostgres_pool_size = 0\n")));
  EXPECT_FALSE(LoadConfig(WriteFile("[store]\npostgres_acquire_timeout_ms = 0\n")));
}

}  // namespace
}  // namespace hikeshi::cli
