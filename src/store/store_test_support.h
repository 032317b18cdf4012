// Helpers shared by the store tests: scratch directories, the list of Store backends the
// behavioural (contract) suite runs against, and small builders for test data.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "core/incident.h"
#include "store/store.h"

namespace hikeshi::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class ScratchDir {
 public:
  ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();
  const std::filesystem::path& Path() const { return path_; }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// One backend the contract suite runs against. `open` gets a scratch directory it may use and
// returns a fresh, empty store. A PostgreSQL backend adds one entry to StoreBackends().
struct StoreBackend {
  std::string name;  // a GoogleTest-safe identifier: letters, digits, underscores
  std::function<std::unique_ptr<Store>(const ScratchDir& scratch)> open;
  std::string skip;  // non-empty: why this backend cannot run here (its tests are skipped)
};
// SqliteFile, SqliteMemory and Postgres. Postgres runs against $HIKESHI_TEST_PG_URL (set by
// scripts/test.sh, which starts a throw-away cluster) and is skipped only when that is unset.
std::vector<StoreBackend> StoreBackends();

// $HIKESHI_TEST_PG_URL, or "" when unset.
std::string PostgresTestUrl();
// A URL for a fresh, empty schema in the test database (search_path set through the URL), so
// every test gets its own tables without the cost of a new database.
std::string FreshPostgresUrl();
// GoogleTest prints a parameter with this (ctest lists it); without it, raw bytes.
inline void PrintTo(const StoreBackend& backend, std::ostream* out) { *out << backend.name; }

// A fixed instant so tests do not depend on the clock.
inline constexpr Timestamp kT0{std::chrono::microseconds{1'790'000'000'000'000}};

// A new incident (state new) built by core's MakeIncident, and its "created" draft.
std::pair<Incident, WorkLogDraft> NewIncident(std::string title, std::string description = "",
                                              Category category = Category::kOther,
                                              Timestamp now = kT0);

// Fixture of the contract suites: a fresh store of the parameter's backend for every test.
// Instantiate with INSTANTIATE_TEST_SUITE_P(Backends, Suite, ValuesIn(StoreBackends()),
// BackendName).
class StoreTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override;
  // Creates an incident through the store (responder "alice") and returns it with its id.
  Incident Create(std::string title, std::string description = "",
                  Category category = Category::kOther);

  ScratchDir scratch_;
  std::unique_ptr<Store> store_;
};
std::string BackendName(const ::testing::TestParamInfo<StoreBackend>& info);

}  // namespace hikeshi::testing
