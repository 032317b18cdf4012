#include "store/store_test_support.h"

#include <gtest/gtest.h>
#include <stdlib.h>

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
  };
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
