#include "store/sqlite_db.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace hikeshi::sqlite {
namespace {

using ::testing::HasSubstr;
using testing::ScratchDir;

std::unique_ptr<SqliteDb> OpenDb(const std::string& path, int busy_timeout_ms = 5000) {
  auto db = SqliteDb::Open(path, {.busy_timeout_ms = busy_timeout_ms});
  EXPECT_TRUE(db) << db.error().message;
  return std::move(*db);
}

TEST(SqliteDb, ReusesCachedStatementsResetAfterUse) {
  auto db = OpenDb(":memory:");
  sqlite3_stmt* first_raw = nullptr;
  {
    auto first = db->Prepare("SELECT ?1 + 1");
    ASSERT_TRUE(first);
    first->Bind(1, int64_t{41});
    ASSERT_TRUE(first->Step().value());
    EXPECT_EQ(first->Int(0), 42);
    first_raw = sqlite3_next_stmt(db->Raw(), nullptr);
  }
  auto again = db->Prepare("SELECT ?1 + 1");
  ASSERT_TRUE(again);
  EXPECT_EQ(sqlite3_next_stmt(db->Raw(), nullptr), first_raw);  // still the only statement
  ASSERT_TRUE(again->Step().value());
  EXPECT_TRUE(again->IsNull(0));  // bindings were cleared
}

TEST(SqliteDb, NestedUseOfOneStatementGetsAPrivateCopy) {
  auto db = OpenDb(":memory:");
  ASSERT_TRUE(db->Execute("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1), (2);"));
  auto outer = db->Prepare("SELECT x FROM t ORDER BY x");
  ASSERT_TRUE(outer);
  ASSERT_TRUE(outer->Step().value());
  {
    auto inner = db->Prepare("SELECT x FROM t ORDER BY x");
    ASSERT_TRUE(inner);
    ASSERT_TRUE(inner->Step().value());
    EXPECT_EQ(inner->Int(0), 1);
  }
  ASSERT_TRUE(outer->Step().value());
  EXPECT_EQ(outer->Int(0), 2);  // the outer cursor was not disturbed
}

TEST(SqliteDb, MapsErrors) {
  auto db = OpenDb(":memory:");
  ASSERT_TRUE(db->Execute("CREATE TABLE t(x INTEGER UNIQUE)"));
  ASSERT_TRUE(db->Execute("INSERT INTO t VALUES (1)"));
  auto duplicate = db->Execute("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
  EXPECT_THAT(duplicate.error().message, HasSubstr("UNIQUE constraint failed"));

  auto syntax = db->Prepare("SELEC nonsense");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);
  EXPECT_THAT(syntax.error().message, HasSubstr("syntax error"));

  auto missing = SqliteDb::Open("/nonexistent-dir/x.db", {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(missing.error().message, HasSubstr("/nonexistent-dir/x.db"));
}

TEST(SqliteDb, LockHeldPastTheBusyTimeoutIsUnavailable) {
  ScratchDir scratch;
  auto holder = OpenDb(scratch.File("busy.db"));
  auto waiter = OpenDb(scratch.File("busy.db"), /*busy_timeout_ms=*/20);
  ASSERT_TRUE(holder->Execute("PRAGMA journal_mode = WAL; CREATE TABLE t(x)"));
  auto held = Transaction::Begin(*holder, Transaction::Kind::kWrite);
  ASSERT_TRUE(held);
  auto blocked = Transaction::Begin(*waiter, Transaction::Kind::kWrite);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(blocked.error().message, HasSubstr("busy timeout of 20 ms"));
}

TEST(Transaction, RollsBackUnlessCommitted) {
  auto db = OpenDb(":memory:");
  ASSERT_TRUE(db->Execute("CREATE TABLE t(x)"));
  {
    auto transaction = Transaction::Begin(*db, Transaction::Kind::kWrite);
    ASSERT_TRUE(transaction);
    ASSERT_TRUE(db->Execute("INSERT INTO t VALUES (1)"));
  }
  {
    auto transaction = Transaction::Begin(*db, Transaction::Kind::kWrite);
    ASSERT_TRUE(transaction);
    ASSERT_TRUE(db->Execute("INSERT INTO t VALUES (2)"));
    ASSERT_TRUE(transaction->Commit());
    EXPECT_EQ(transaction->Commit().error().code, ErrorCode::kInternal);
  }
  auto count = db->Prepare("SELECT group_concat(x) FROM t");
  ASSERT_TRUE(count->Step().value());
  EXPECT_EQ(count->Text(0), "2");
  EXPECT_TRUE(sqlite3_get_autocommit(db->Raw()));
}

TEST(Statement, ReadsOptionalAndTextColumns) {
  auto db = OpenDb(":memory:");
  auto select = db->Prepare("SELECT NULL, 5, ?1");
  ASSERT_TRUE(select);
  select->Bind(1, std::string_view("日本語\0x", 11));
  ASSERT_TRUE(select->Step().value());
  EXPECT_EQ(select->OptionalInt(0), std::nullopt);
  EXPECT_EQ(select->OptionalInt(1), 5);
  EXPECT_EQ(select->Text(2), std::string("日本語\0x", 11));  // length-exact, NUL kept
  EXPECT_EQ(select->Text(0), "");
}

}  // namespace
}  // namespace hikeshi::sqlite
