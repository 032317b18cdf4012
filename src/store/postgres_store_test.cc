// PostgreSQL-only behaviour: losing the connections (a database restart) and getting them back
// without reopening the store, the bounded pool, migrations run by two stores at once, and the
// schema version. Skipped when HIKESHI_TEST_PG_URL is unset (scripts/test.sh always sets it).
#include "store/postgres_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres_migrations.h"
#include "store/store_test_support.h"

namespace hikeshi::testing {
namespace {

using ::testing::HasSubstr;

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PostgresTestUrl().empty()) GTEST_SKIP() << "HIKESHI_TEST_PG_URL is not set";
    url_ = FreshPostgresUrl();
  }

  std::unique_ptr<Store> Open(StoreOptions options = {}) {
    auto store = OpenStore(url_, options);
    EXPECT_TRUE(store) << store.error().message;
    return store ? std::move(*store) : nullptr;
  }

  // Ends every connection opened with `application_name`, as a server restart would (only
  // those: tests running in parallel share the database).
  static int TerminateConnections(const std::string& application_name) {
    pqxx::connection connection(PostgresTestUrl());
    pqxx::nontransaction work(connection);
    auto rows = work.exec_params(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
        application_name);
    return static_cast<int>(rows.size());
  }

  std::string url_;
};

TEST_F(PostgresStoreTest, RecoversWhenItsConnectionsAreCutWithoutReopening) {
  std::string name = "hikeshi_recover_" + std::to_string(getpid());
  url_ += "&application_name=" + name;
  auto store = Open({.postgres_pool_size = 3});
  ASSERT_NE(store, nullptr);
  auto [incident, draft] = NewIncident("before the restart");
  auto created = store->CreateIncident(incident, draft, "alice");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GE(TerminateConnections(name), 1);
  // The very next call works: the lost transaction is retried on a fresh connection.
  auto read = store->GetIncident(created->first.id);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(read->title, "before the restart");
  auto mutated = store->MutateIncident(
      created->first.id,
      [](Incident& i) -> Result<std::optional<WorkLogDraft>> {
        i.lead = "bob";
        return WorkLogDraft{"assigned", "lead bob"};
      },
      "alice", kT0);
  ASSERT_TRUE(mutated) << mutated.error().message;
  EXPECT_EQ(mutated->entry->seq, 2);
  auto verified = store->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->problems.empty());
}

// Two stores stand for two server processes: each has its own pool, so only the database's
// row lock keeps their read-modify-write cycles on one incident apart.
TEST_F(PostgresStoreTest, TwoStoresWritingOneIncidentLoseNoUpdate) {
  auto first = Open({.postgres_pool_size = 4});
  auto second = Open({.postgres_pool_size = 4});
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  auto [incident, draft] = NewIncident("contended");
  auto created = first->CreateIncident(incident, draft, "alice");
  ASSERT_TRUE(created) << created.error().message;
  const int64_t id = created->first.id;
  constexpr int kThreadsPerStore = 3;
  constexpr int kWritesPerThread = 15;
  std::vector<std::thread> threads;
  for (Store* store : {first.get(), second.get()}) {
    for (int t = 0; t < kThreadsPerStore; ++t) {
      threads.emplace_back([store, id] {
        for (int i = 0; i < kWritesPerThread; ++i) {
          // A counter in the description: a lost update would leave it short.
          auto done = store->MutateIncident(
              id,
              [](Incident& current) -> Result<std::optional<WorkLogDraft>> {
                int count = current.description.empty() ? 0 : std::stoi(current.description);
                current.description = std::to_string(count + 1);
                return WorkLogDraft{"note", "count " + current.description};
              },
              "bob", kT0);
          EXPECT_TRUE(done) << done.error().message;
        }
      });
    }
  }
  for (auto& thread : threads) thread.join();
  constexpr int kWrites = 2 * kThreadsPerStore * kWritesPerThread;
  auto final_state = second->GetIncident(id);
  ASSERT_TRUE(final_state);
  EXPECT_EQ(final_state->description, std::to_string(kWrites));
  EXPECT_EQ(final_state->version, 1 + kWrites);
  auto log = first->ListWorkLog(id);
  ASSERT_TRUE(log);
  EXPECT_EQ(std::ssize(*log), 1 + kWrites);
  auto verified = second->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->problems.empty());
}

TEST_F(PostgresStoreTest, UnreachableServerIsUnavailableWithAClearMessage) {
  auto store = OpenStore("postgresql://hikeshi@127.0.0.1:1/hikeshi?connect_timeout=2");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(store.error().message, HasSubstr("PostgreSQL is unreachable"));
}

TEST_F(PostgresStoreTest, ABusyPoolMakesCallersWaitThenFailsAsUnavailable) {
  auto opened =
      PostgresStore::Open(url_, {.postgres_pool_size = 1, .postgres_acquire_timeout_ms = 200});
  ASSERT_TRUE(opened) << opened.error().message;
  PostgresStore& store = **opened;
  std::atomic<bool> holding = false;
  std::atomic<bool> release = false;
  std::thread holder([&] {
    auto ok = store.Pool().Run([&](pqxx::work&) -> Status {
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      return {};
    });
    EXPECT_TRUE(ok);
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto blocked = store.ListUsers();
  release = true;
  holder.join();
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(blocked.error().message, HasSubstr("pool exhausted"));
  EXPECT_TRUE(store.ListUsers());  // the connection is back
}

TEST_F(PostgresStoreTest, StoresOpenedTogetherMigrateOnceAndRecordEveryVersion) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] { EXPECT_NE(Open(), nullptr); });
  }
  for (auto& thread : threads) thread.join();
  pqxx::connection connection(url_);
  pqxx::nontransaction work(connection);
  auto rows = work.exec("SELECT version FROM schema_migrations ORDER BY version");
  ASSERT_EQ(rows.size(), postgres::Migrations().size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0].as<int>(), postgres::Migrations()[i].version);
  }
}

TEST_F(PostgresStoreTest, ADatabaseFromANewerHikeshiIsRefused) {
  ASSERT_NE(Open(), nullptr);
  {
    pqxx::connection connection(url_);
    pqxx::nontransaction work(connection);
    work.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)");
  }
  auto store = OpenStore(url_);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(store.error().message, HasSubstr("database schema version 99 is newer than this "
                                               "hikeshi"));
}

TEST_F(PostgresStoreTest, WorkLogRowsCannotBeEditedThroughSql) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto [incident, draft] = NewIncident("append only");
  ASSERT_TRUE(store->CreateIncident(incident, draft, "alice"));
  pqxx::connection connection(url_);
  pqxx::nontransaction work(connection);
  EXPECT_THROW(work.exec("UPDATE worklog SET text = 'rewritten'"), pqxx::sql_error);
  EXPECT_THROW(work.exec("DELETE FROM worklog"), pqxx::sql_error);
}

// Text sorts compare bytes whatever collation the database or column has: ICU's root collation
// would put "a" before "B"; the store's COLLATE "C" does not.
TEST_F(PostgresStoreTest, TextSortsByBytesUnderALinguisticCollation) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  {
    pqxx::connection connection(url_);
    pqxx::nontransaction work(connection);
    work.exec(R"(ALTER TABLE incidents ALTER COLUMN title TYPE TEXT COLLATE "und-x-icu")");
    auto icu =
        work.exec("SELECT x FROM (VALUES ('a'), ('B')) v(x) ORDER BY x COLLATE \"und-x-icu\"");
    ASSERT_EQ(icu[0][0].as<std::string>(), "a");  // the collation really differs from bytes
  }
  for (const char* title : {"b", "B", "a", "A"}) {
    auto [incident, draft] = NewIncident(title);
    ASSERT_TRUE(store->CreateIncident(incident, draft, "alice"));
  }
  std::vector<std::string> titles;
  IncidentQuery query{.limit = 3, .sort = IncidentSort::kTitle, .ascending = true};
  for (int pages = 0; pages < 3; ++pages) {
    auto page = store->ListIncidents(query);
    ASSERT_TRUE(page) << page.error().message;
    for (const Incident& incident : page->items) titles.push_back(incident.title);
    if (!page->next) break;
    query.after = page->next;
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"A", "B", "a", "b"}));
}

}  // namespace
}  // namespace hikeshi::testing
