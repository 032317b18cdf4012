#include "store/sqlite_migrations.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace hikeshi::sqlite {
namespace {

using ::testing::HasSubstr;
using testing::kT0;
using testing::ScratchDir;

std::unique_ptr<SqliteDb> OpenDb(const std::string& path) {
  auto db = SqliteDb::Open(path, {});
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

int64_t QueryInt(SqliteDb& db, std::string_view sql) {
  auto select = db.Prepare(sql);
  EXPECT_TRUE(select) << select.error().message;
  EXPECT_TRUE(select->Step().value_or(false));
  return select->Int(0);
}

TEST(Migrations, AreNumberedWithoutGaps) {
  int expected = 1;
  for (const Migration& step : Migrations()) {
    EXPECT_EQ(step.version, expected++);
    EXPECT_FALSE(step.summary.empty());
  }
  EXPECT_EQ(LatestSchemaVersion(), expected - 1);
}

TEST(Migrate, BringsAFreshDatabaseToTheLatestVersion) {
  ScratchDir scratch;
  auto db = OpenDb(scratch.File("m.db"));
  EXPECT_EQ(SchemaVersion(*db).value(), 0);
  ASSERT_TRUE(Migrate(*db, kT0));
  EXPECT_EQ(SchemaVersion(*db).value(), LatestSchemaVersion());
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"), LatestSchemaVersion());
  EXPECT_EQ(QueryInt(*db, "SELECT MIN(applied_at) FROM schema_migrations"), ToMicros(kT0));
}

TEST(Migrate, IsANoOpOnAnUpToDateDatabase) {
  ScratchDir scratch;
  auto db = OpenDb(scratch.File("m.db"));
  ASSERT_TRUE(Migrate(*db, kT0));
  int64_t changes_before = sqlite3_total_changes(db->Raw());
  ASSERT_TRUE(Migrate(*db, kT0 + std::chrono::hours(1)));
  EXPECT_EQ(sqlite3_total_changes(db->Raw()), changes_before);
  EXPECT_EQ(QueryInt(*db, "SELECT MAX(applied_at) FROM schema_migrations"), ToMicros(kT0));
}

TEST(Migrate, ReopeningAStoreKeepsItsData) {
  ScratchDir scratch;
  std::string path = scratch.File("m.db");
  int64_t id = 0;
  {
    auto store = OpenStore(path);
    ASSERT_TRUE(store);
    auto [incident, draft] = testing::NewIncident("kept");
    id = (*store)->CreateIncident(incident, draft, "alice")->first.id;
  }
  auto store = OpenStore(path);
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->GetIncident(id)->title, "kept");
  auto db = OpenDb(path);
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM schema_migrations"), LatestSchemaVersion());
}

TEST(Migrate, RefusesADatabaseFromANewerHikeshi) {
  ScratchDir scratch;
  std::string path = scratch.File("m.db");
  {
    auto db = OpenDb(path);
    ASSERT_TRUE(Migrate(*db, kT0));
    int future = LatestSchemaVersion() + 7;
    ASSERT_TRUE(db->Execute(
        fmt::format("INSERT INTO schema_migrations(version, applied_at) VALUES ({}, 0)", future)));
  }
  auto store = OpenStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(store.error().message,
            fmt::format("database schema version {} is newer than this hikeshi ({}); "
                        "upgrade hikeshi",
                        LatestSchemaVersion() + 7, LatestSchemaVersion()));
}

TEST(Migrate, ReportsAFileThatIsNotADatabase) {
  ScratchDir scratch;
  std::string path = scratch.File("notes.txt");
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("this is not an SQLite database, just some text long enough to have a header\n",
               file);
    std::fclose(file);
  }
  auto store = OpenStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kCorrupt);
  EXPECT_THAT(store.error().message, HasSubstr("not a database"));
}

}  // namespace
}  // namespace hikeshi::sqlite
