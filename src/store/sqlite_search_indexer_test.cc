#include "store/sqlite_search_indexer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "store/sqlite_db.h"
#include "store/sqlite_store.h"
#include "store/store_test_support.h"

namespace hikeshi::sqlite {
namespace {

using testing::NewIncident;
using testing::ScratchDir;

int64_t QueryInt(SqliteDb& db, std::string_view sql) {
  auto select = db.Prepare(sql);
  EXPECT_TRUE(select);
  EXPECT_TRUE(select->Step().value_or(false)) << sql;
  return select->Int(0);
}

// Creates never index; the background thread must catch up on its own, in bounded steps, and
// leave an index that passes FTS5's own integrity check.
TEST(SearchIndexer, IndexesNewIncidentsWithoutASearch) {
  ScratchDir scratch;
  std::string path = scratch.File("s.db");
  constexpr int kCreates = static_cast<int>(SearchIndexer::kIndexStep) * 3 + 7;
  {
    auto store = SqliteStore::Open(path, {});
    ASSERT_TRUE(store) << store.error().message;
    for (int i = 0; i < kCreates; ++i) {
      auto [incident, draft] =
          NewIncident(i % 2 ? "phishing kit" : "port scan", "from 203.0.113." + std::to_string(i));
      ASSERT_TRUE((*store)->CreateIncident(incident, draft, "alice"));
    }
    auto watcher = SqliteDb::Open(path, {});
    ASSERT_TRUE(watcher);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (QueryInt(**watcher, "SELECT upto FROM incidents_fts_indexed") < kCreates &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(QueryInt(**watcher, "SELECT upto FROM incidents_fts_indexed"), kCreates);
  }
  auto db = SqliteDb::Open(path, {});
  ASSERT_TRUE(db);
  EXPECT_EQ(QueryInt(**db, "SELECT COUNT(*) FROM incidents_fts WHERE incidents_fts MATCH 'kit'"),
            kCreates / 2);
  EXPECT_TRUE((*db)->Execute("INSERT INTO incidents_fts(incidents_fts) VALUES('integrity-check')"));
}

TEST(SearchIndexer, AutomergeIsOffInTheSchema) {
  ScratchDir scratch;
  std::string path = scratch.File("m.db");
  { ASSERT_TRUE(SqliteStore::Open(path, {})); }
  auto db = SqliteDb::Open(path, {});
  ASSERT_TRUE(db);
  EXPECT_EQ(QueryInt(**db, "SELECT v FROM incidents_fts_config WHERE k = 'automerge'"), 0);
  EXPECT_EQ(QueryInt(**db, "SELECT v FROM incidents_fts_config WHERE k = 'crisismerge'"), 64);
}

}  // namespace
}  // namespace hikeshi::sqlite
