// Tampering with a real database file behind hikeshi's back, the way an intruder with file access
// would (raw SQL, append-only triggers dropped first), and checking that VerifyWorkLogs names the
// incident and the entry where the record stops being trustworthy.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/store_test_support.h"
#include "store/worklog_chain.h"

namespace hikeshi::testing {
namespace {

using ::testing::HasSubstr;

// Runs `sql` on the database file through a plain sqlite3 connection; returns SQLite's error
// message, or "" on success.
std::string RawSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    return message;
  }
  char* error = nullptr;
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  return message;
}

constexpr std::string_view kDropGuards =
    "DROP TRIGGER worklog_no_update; DROP TRIGGER worklog_no_delete; ";

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Open();
    other_ = CreateWithNotes("Other incident", 1);    // entries 1–2
    target_ = CreateWithNotes("Target incident", 3);  // entries 1–4
  }

  void Open() {
    auto store = OpenStore(path_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
  }

  int64_t CreateWithNotes(std::string title, int notes) {
    auto [incident, draft] = NewIncident(std::move(title));
    auto created = store_->CreateIncident(incident, draft, "alice");
    EXPECT_TRUE(created);
    for (int i = 1; i <= notes; ++i) {
      auto note = [i](Incident&) -> Result<std::optional<WorkLogDraft>> {
        return std::optional<WorkLogDraft>(WorkLogDraft{"note", fmt::format("note {}", i)});
      };
      EXPECT_TRUE(store_->MutateIncident(created->first.id, note, "bob", kT0));
    }
    return created->first.id;
  }

  // Closes the store, applies `sql` with the append-only guards dropped, reopens and verifies.
  VerifyResult TamperAndVerify(const std::string& sql) {
    store_.reset();
    EXPECT_EQ(RawSql(path_, std::string(kDropGuards) + sql), "");
    Open();
    auto verified = store_->VerifyWorkLogs();
    EXPECT_TRUE(verified) << verified.error().message;
    return verified ? *verified : VerifyResult{};
  }

  // Expects exactly one problem, on the target incident at `seq`, mentioning `what`.
  void ExpectOneProblem(const VerifyResult& result, int64_t seq, std::string_view what) {
    ASSERT_EQ(result.problems.size(), 1u);
    const ChainProblem& problem = result.problems[0];
    EXPECT_EQ(problem.incident_id, target_);
    EXPECT_EQ(problem.seq, seq);
    EXPECT_THAT(problem.what, HasSubstr(what));
  }

  std::string Where(int64_t seq) const {
    return fmt::format(" WHERE incident_id = {} AND seq = {}", target_, seq);
  }

  ScratchDir scratch_;
  std::string path_ = scratch_.File("tamper.db");
  std::unique_ptr<Store> store_;
  int64_t other_ = 0;
  int64_t target_ = 0;
};

TEST_F(TamperTest, UntouchedDatabaseVerifiesClean) {
  store_.reset();
  Open();
  auto verified = store_->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->incidents, 2);
  EXPECT_EQ(verified->entries, 6);
  EXPECT_TRUE(verified->problems.empty());
}

TEST_F(TamperTest, EditedTextIsCaught) {
  auto result = TamperAndVerify("UPDATE worklog SET text = 'nothing happened'" + Where(2));
  ExpectOneProblem(result, 2, "entry 2 content does not match its hash (edited?)");
}

TEST_F(TamperTest, EditedTimeIsCaught) {
  auto result = TamperAndVerify("UPDATE worklog SET at = at - 3600000000" + Where(3));
  ExpectOneProblem(result, 3, "edited");
}

TEST_F(TamperTest, DeletedMiddleEntryIsCaught) {
  auto result = TamperAndVerify("DELETE FROM worklog" + Where(3));
  ExpectOneProblem(result, 3, "entry 3 missing (deleted?)");
}

TEST_F(TamperTest, DeletedLastEntryIsCaught) {
  auto result = TamperAndVerify("DELETE FROM worklog" + Where(4));
  ExpectOneProblem(result, 4, "chain ends at 3 but the incident records 4 entries (tail deleted?)");
}

TEST_F(TamperTest, SwappedEntriesAreCaught) {
  auto result = TamperAndVerify(
      fmt::format("UPDATE worklog SET seq = -1 {0}; UPDATE worklog SET seq = 2 {1}; "
                  "UPDATE worklog SET seq = 3 {2};",
                  Where(2), Where(3), Where(-1)));
  ExpectOneProblem(result, 2, "entry 2 does not link to entry 1 (reordered or replaced?)");
}

TEST_F(TamperTest, EditedHeadIsCaught) {
  auto result = TamperAndVerify(fmt::format("UPDATE incidents SET log_head = '{}' WHERE id = {}",
                                            std::string(64, 'a'), target_));
  ExpectOneProblem(result, 4, "does not match the head the incident records");
}

TEST_F(TamperTest, DeletedIncidentRowLeavesOrphansThatAreCaught) {
  // Foreign keys are off in a plain sqlite3 session, as they would be for an intruder.
  auto result = TamperAndVerify(fmt::format("DELETE FROM incidents WHERE id = {}", target_));
  ExpectOneProblem(result, 1, "which does not exist");
  EXPECT_EQ(result.incidents, 1);
}

TEST_F(TamperTest, IdsOfDeletedIncidentsAreNotReused) {
  auto result = TamperAndVerify(fmt::format("DELETE FROM incidents WHERE id = {}", target_));
  ASSERT_EQ(result.problems.size(), 1u);
  auto [incident, draft] = NewIncident("After the deletion");
  auto created = store_->CreateIncident(incident, draft, "alice");
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_GT(created->first.id, target_);
}

TEST_F(TamperTest, ProblemsAreListedByIncident) {
  auto result = TamperAndVerify(
      fmt::format("DELETE FROM worklog WHERE incident_id = {} AND seq = 2; "
                  "UPDATE worklog SET text = 'x' WHERE incident_id = {} AND seq = 1",
                  target_, other_));
  ASSERT_EQ(result.problems.size(), 2u);
  EXPECT_EQ(result.problems[0].incident_id, other_);
  EXPECT_EQ(result.problems[0].seq, 1);
  EXPECT_EQ(result.problems[1].incident_id, target_);
  EXPECT_EQ(result.problems[1].seq, 2);
}

// The documented limit (doc/worklog_format.md): whoever rewrites a whole chain consistently, head
// included, passes verification; only a head exported earlier exposes the rewrite.
TEST_F(TamperTest, ConsistentRewriteIsOnlyCaughtByAnExportedHead) {
  auto before = store_->ListWorkLog(target_);
  ASSERT_TRUE(before);
  std::string exported_head = before->back().hash;

  std::string rewrite;
  std::string prev(kGenesisHash);
  for (WorkLogEntry entry : *before) {
    if (entry.seq == 2) entry.text = "nothing to see";
    entry.prev_hash = prev;
    entry.hash = ChainHash(prev, entry);
    prev = entry.hash;
    rewrite += fmt::format("UPDATE worklog SET text = '{}', prev_hash = '{}', hash = '{}' {};",
                           entry.text, entry.prev_hash, entry.hash, Where(entry.seq));
  }
  rewrite += fmt::format("UPDATE incidents SET log_head = '{}' WHERE id = {};", prev, target_);
  auto result = TamperAndVerify(rewrite);
  EXPECT_TRUE(result.problems.empty());
  ASSERT_EQ(result.heads.size(), 2u);
  EXPECT_EQ(result.heads[1].incident_id, target_);
  EXPECT_EQ(result.heads[1].entries, 4);
  EXPECT_NE(result.heads[1].hash, exported_head);
}

TEST_F(TamperTest, AppendOnlyTriggersRefuseSqlEdits) {
  store_.reset();
  EXPECT_THAT(RawSql(path_, "UPDATE worklog SET text = 'x'"), HasSubstr("append-only"));
  EXPECT_THAT(RawSql(path_, "DELETE FROM worklog"), HasSubstr("append-only"));
  Open();
  auto verified = store_->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->problems.empty());
  EXPECT_EQ(verified->entries, 6);
}

}  // namespace
}  // namespace hikeshi::testing
