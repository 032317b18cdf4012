#include "store/store_test_support.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <pqxx/pqxx>

namespace hikeshi::testing {

ScratchDir::ScratchDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "hikeshi-store-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern;
  }
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<StoreBackend> StoreBackends() {
  auto open = [](const std::string& location) {
    auto store = OpenStore(location);
    if (!store) {
      ADD_FAILURE() << "OpenStore(" << location << "): " << store.error().message;
      return std::unique_ptr<Store>();
    }
    return std::move(*store);
  };
  return {
      {"SqliteFile", [open](const ScratchDir& scratch) { return open(scratch.File("h.db")); }},
      {"SqliteMemory", [open](const ScratchDir&) { return open(":memory:"); }},
      {"Postgres", [open](const ScratchDir&) { return open(FreshPostgresUrl()); },
       PostgresTestUrl().empty() ? "HIKESHI_TEST_PG_URL is not set" : ""},
  };
}

std::string PostgresTestUrl() {
  const char* url = getenv("HIKESHI_TEST_PG_URL");
  return url == nullptr ? "" : url;
}

std::string FreshPostgresUrl() {
  static std::atomic<int> counter = 0;
  std::string base = PostgresTestUrl();
  std::string schema = fmt::format("t_{}_{}", getpid(), counter++);
  try {
    pqxx::connection connection(base);
    pqxx::nontransaction work(connection);
    work.exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    work.exec("CREATE SCHEMA " + schema);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "creating schema " << schema << " in " << base << ": " << e.what();
  }
  // libpq URL parameter: options=-c search_path=<schema>,public (percent-encoded).
  return fmt::format("{}{}options=-c%20search_path%3D{}%2Cpublic", base,
                     base.find('?') == std::string::npos ? "?" : "&", schema);
}

std::pair<Incident, WorkLogDraft> NewIncident(std::string title, std::string description,
                                              Category category, Timestamp now) {
  auto made = MakeIncident(
      {.title = std::move(title), .description = std::move(description), .category = category},
      now);
  EXPECT_TRUE(made) << made.error().message;
  return std::move(*made);
}

void StoreTest::SetUp() {
  if (!GetParam().skip.empty()) GTEST_SKIP() << GetParam().skip;
  store_ = GetParam().open(scratch_);
  ASSERT_NE(store_, nullptr);
}

Incident StoreTest::Create(std::string title, std::string description, Category category) {
  auto [incident, draft] = NewIncident(std::move(title), std::move(description), category);
  auto created = store_->CreateIncident(std::move(incident), draft, "alice");
  EXPECT_TRUE(created) << created.error().message;
  return created ? created->first : Incident{};
}

std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

}  // namespace hikeshi::testing
