#include "server/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace hikeshi::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("hikeshi-static-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "dist";
    fs::create_directories(root_ / "assets");
    Write(root_ / "index.html", "<html>ui</html>");
    Write(root_ / "assets" / "app-1234.js", "console.log(1)");
    Write(root_ / ".env", "SECRET=1");
    Write(base_ / "secret.txt", "outside");
    fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const fs::path& file, std::string_view text) { std::ofstream(file) << text; }
  ApiResponse Get(std::string_view path) { return ServeStaticFile(root_.string(), "GET", path); }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesFilesWithContentTypes) {
  ApiResponse index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>ui</html>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  ApiResponse script = Get("/assets/app-1234.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(script.Header("Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, ClientRoutesFallBackToIndex) {
  ApiResponse route = Get("/incidents/42");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, "<html>ui</html>");
  EXPECT_EQ(Get("/missing.js").status, 404);
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  for (std::string_view path :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
        "/link.txt", "/.env", "/a\\..\\secret.txt", "/%00", "/%zz"}) {
    ApiResponse response = Get(path);
    EXPECT_NE(response.status, 200) << path;
    EXPECT_EQ(response.body.find("outside"), std::string::npos) << path;
    EXPECT_EQ(response.body.find("SECRET"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, OnlyGet) {
  ApiResponse response = ServeStaticFile(root_.string(), "POST", "/");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Header("Allow"), "GET");
}

TEST(StaticFiles, UnbuiltUiGets503WithInstructions) {
  ApiResponse none = ServeStaticFile("", "GET", "/");
  EXPECT_EQ(none.status, 503);
  EXPECT_NE(none.body.find("npm run build"), std::string::npos);
  EXPECT_EQ(ServeStaticFile("/nonexistent/dist", "GET", "/").status, 503);
}

}  // namespace
}  // namespace hikeshi::server
