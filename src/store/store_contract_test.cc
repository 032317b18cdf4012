// The Store contract for incidents and work logs, run against every backend in StoreBackends().
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "store/store_test_support.h"
#include "store/worklog_chain.h"

namespace hikeshi::testing {
namespace {

using std::chrono::minutes;
using ::testing::HasSubstr;
using ::testing::ValuesIn;

class IncidentStoreTest : public StoreTest {};

IncidentMutation Patch(IncidentPatch patch, Timestamp now = kT0 + minutes(1)) {
  return [patch = std::move(patch), now](Incident& incident) {
    return ApplyPatch(incident, patch, now);
  };
}

IncidentMutation Note(std::string text) {
  return [text = std::move(text)](Incident&) -> Result<std::optional<WorkLogDraft>> {
    auto note = MakeNote(text);
    if (!note) return std::unexpected(note.error());
    return std::optional<WorkLogDraft>(std::move(*note));
  };
}

TEST_P(IncidentStoreTest, CreateAssignsIdsAndStartsTheChain) {
  auto [incident, draft] = NewIncident("Scan from 203.0.113.5", "ports 22, 80", Category::kScan);
  incident.lead = "bob";
  auto created = store_->CreateIncident(incident, draft, "alice");
  ASSERT_TRUE(created) << created.error().message;
  const auto& [stored, entry] = *created;
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(entry.incident_id, stored.id);
  EXPECT_EQ(entry.seq, 1);
  EXPECT_EQ(entry.at, incident.created_at);
  EXPECT_EQ(entry.responder, "alice");
  EXPECT_EQ(entry.action, "created");
  EXPECT_EQ(entry.text, draft.text);
  EXPECT_EQ(entry.prev_hash, kGenesisHash);
  EXPECT_EQ(entry.hash, ChainHash(kGenesisHash, entry));

  Incident second = Create("Phishing site");
  EXPECT_GT(second.id, stored.id);
}

TEST_P(IncidentStoreTest, GetReturnsEveryFieldAsStored) {
  auto [incident, draft] =
      NewIncident("ランサムウェア感染の疑い", "ファイルサーバ", Category::kOther);
  incident.severity = Severity::kCritical;
  incident.tlp = Tlp::kAmberStrict;
  incident.state = State::kNotAnIncident;
  incident.not_incident_reason = NotIncidentReason::kOneClickFraud;
  incident.lead = "carol";
  incident.reported_at = kT0 - minutes(90);
  incident.acknowledged_at = kT0 + minutes(1);
  incident.contained_at = kT0 + minutes(2);
  incident.recovered_at = kT0 + minutes(3);
  incident.closed_at = kT0 + minutes(4);
  auto created = store_->CreateIncident(incident, draft, "alice");
  ASSERT_TRUE(created);

  auto got = store_->GetIncident(created->first.id);
  ASSERT_TRUE(got) << got.error().message;
  incident.id = created->first.id;
  EXPECT_EQ(got->id, incident.id);
  EXPECT_EQ(got->title, incident.title);
  EXPECT_EQ(got->description, incident.description);
  EXPECT_EQ(got->category, incident.category);
  EXPECT_EQ(got->severity, incident.severity);
  EXPECT_EQ(got->tlp, incident.tlp);
  EXPECT_EQ(got->state, incident.state);
  EXPECT_EQ(got->lead, incident.lead);
  EXPECT_EQ(got->not_incident_reason, incident.not_incident_reason);
  EXPECT_EQ(got->reported_at, incident.reported_at);
  EXPECT_EQ(got->created_at, incident.created_at);
  EXPECT_EQ(got->updated_at, incident.updated_at);
  EXPECT_EQ(got->acknowledged_at, incident.acknowledged_at);
  EXPECT_EQ(got->contained_at, incident.contained_at);
  EXPECT_EQ(got->recovered_at, incident.recovered_at);
  EXPECT_EQ(got->closed_at, incident.closed_at);
  EXPECT_EQ(got->version, 1);
}

TEST_P(IncidentStoreTest, UnknownIncidentIsNotFound) {
  EXPECT_EQ(store_->GetIncident(42).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->ListWorkLog(42).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store_->MutateIncident(42, Note("x"), "alice", kT0).error().code, ErrorCode::kNotFound);
}

TEST_P(IncidentStoreTest, MutationBumpsVersionAndAppendsLinkedEntry) {
  Incident incident = Create("Scan");
  auto mutated = store_->MutateIncident(incident.id, Patch({.title = "Port scan", .lead = "bob"}),
                                        "bob", kT0 + minutes(5));
  ASSERT_TRUE(mutated) << mutated.error().message;
  EXPECT_EQ(mutated->incident.version, 2);
  EXPECT_EQ(mutated->incident.title, "Port scan");
  ASSERT_TRUE(mutated->entry);
  EXPECT_EQ(mutated->entry->seq, 2);
  EXPECT_EQ(mutated->entry->at, kT0 + minutes(5));
  EXPECT_EQ(mutated->entry->responder, "bob");
  EXPECT_EQ(mutated->entry->action, "updated");

  auto got = store_->GetIncident(incident.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->title, "Port scan");
  EXPECT_EQ(got->lead, "bob");

  auto log = store_->ListWorkLog(incident.id);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[1].prev_hash, (*log)[0].hash);
  EXPECT_EQ((*log)[1].hash, mutated->entry->hash);
}

TEST_P(IncidentStoreTest, TransitionTimestampsRoundTrip) {
  Incident incident = Create("Intrusion");
  auto to_triage = [](Incident& i) -> Result<std::optional<WorkLogDraft>> {
    return ApplyTransition(i, State::kTriage, "looking", std::nullopt, kT0 + minutes(3));
  };
  auto mutated = store_->MutateIncident(incident.id, to_triage, "alice", kT0 + minutes(3));
  ASSERT_TRUE(mutated);
  auto got = store_->GetIncident(incident.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->state, State::kTriage);
  EXPECT_EQ(got->acknowledged_at, kT0 + minutes(3));
  EXPECT_EQ(got->closed_at, std::nullopt);
}

TEST_P(IncidentStoreTest, FailedMutationStoresNothing) {
  Incident incident = Create("Scan");
  auto failing = [](Incident& i) -> Result<std::optional<WorkLogDraft>> {
    i.title = "changed before failing";
    return Fail(ErrorCode::kConflict, "stale version");
  };
  auto mutated = store_->MutateIncident(incident.id, failing, "alice", kT0);
  ASSERT_FALSE(mutated);
  EXPECT_EQ(mutated.error().code, ErrorCode::kConflict);
  EXPECT_EQ(mutated.error().message, "stale version");

  auto got = store_->GetIncident(incident.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->title, "Scan");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(store_->ListWorkLog(incident.id)->size(), 1u);
}

TEST_P(IncidentStoreTest, UnchangedMutationStoresNothing) {
  Incident incident = Create("Scan");
  auto no_change = [](Incident& i) -> Result<std::optional<WorkLogDraft>> {
    i.title = "scribbled on, but reported as no change";
    return std::optional<WorkLogDraft>{};
  };
  auto mutated = store_->MutateIncident(incident.id, no_change, "alice", kT0);
  ASSERT_TRUE(mutated);
  EXPECT_FALSE(mutated->entry);
  EXPECT_EQ(mutated->incident.title, "Scan");
  EXPECT_EQ(mutated->incident.version, 1);

  auto same_title = store_->MutateIncident(incident.id, Patch({.title = "Scan"}), "alice", kT0);
  ASSERT_TRUE(same_title);
  EXPECT_FALSE(same_title->entry);
  EXPECT_EQ(store_->GetIncident(incident.id)->version, 1);
  EXPECT_EQ(store_->ListWorkLog(incident.id)->size(), 1u);
}

TEST_P(IncidentStoreTest, UntouchedStoreVerifiesClean) {
  Incident first = Create("Scan");
  Incident second = Create("Phishing");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_->MutateIncident(first.id, Note(fmt::format("note {}", i)), "bob", kT0));
  }
  auto verified = store_->VerifyWorkLogs();
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(verified->incidents, 2);
  EXPECT_EQ(verified->entries, 5);
  EXPECT_THAT(verified->problems, ::testing::IsEmpty());

  ASSERT_EQ(verified->heads.size(), 2u);
  auto first_log = store_->ListWorkLog(first.id);
  ASSERT_TRUE(first_log);
  EXPECT_EQ(verified->heads[0].incident_id, first.id);
  EXPECT_EQ(verified->heads[0].entries, 4);
  EXPECT_EQ(verified->heads[0].hash, first_log->back().hash);
  EXPECT_EQ(verified->heads[1].incident_id, second.id);
  EXPECT_EQ(verified->heads[1].entries, 1);
}

TEST_P(IncidentStoreTest, EmptyStoreVerifiesClean) {
  auto verified = store_->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->incidents, 0);
  EXPECT_EQ(verified->entries, 0);
  EXPECT_TRUE(verified->problems.empty());
}

// Many writers on one incident must serialise without losing or forking the chain, while
// creates and reads go on beside them.
TEST_P(IncidentStoreTest, ConcurrentWritersKeepOneIntactChain) {
  constexpr int kThreads = 8;
  constexpr int kNotesPerThread = 200;
  constexpr int kCreatesPerThread = 10;
  Incident shared = Create("Shared incident");
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kNotesPerThread; ++n) {
        auto note = Note(fmt::format("thread {} note {}", t, n));
        if (!store_->MutateIncident(shared.id, note, fmt::format("r{}", t), kT0)) ++failures;
        if (n % (kNotesPerThread / kCreatesPerThread) == 0) {
          auto [incident, draft] = NewIncident(fmt::format("created by {} at {}", t, n));
          if (!store_->CreateIncident(incident, draft, "alice")) ++failures;
          if (!store_->GetIncident(shared.id)) ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);

  auto log = store_->ListWorkLog(shared.id);
  ASSERT_TRUE(log);
  EXPECT_EQ(std::ssize(*log), 1 + kThreads * kNotesPerThread);
  EXPECT_EQ(store_->GetIncident(shared.id)->version, 1 + kThreads * kNotesPerThread);
  auto verified = store_->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->incidents, 1 + kThreads * kCreatesPerThread);
  EXPECT_TRUE(verified->problems.empty());
}

// Concurrent writes share transactions in some backends (SQLite group commit): a mutation that
// fails in the middle of others must store nothing while all the others are stored, and every
// chain stays linear.
TEST_P(IncidentStoreTest, ConcurrentFailingMutationsStoreNothingAndTheRestAll) {
  constexpr int kThreads = 16;
  constexpr int kNotesPerThread = 60;
  constexpr int kShared = 4;
  std::vector<int64_t> shared;
  for (int i = 0; i < kShared; ++i) shared.push_back(Create(fmt::format("shared {}", i)).id);
  std::array<std::atomic<int>, kShared> notes_stored{};
  std::atomic<int> creates = 0;
  std::atomic<int> unexpected = 0;
  std::mutex seqs_mutex;
  std::map<int64_t, std::vector<int64_t>> seqs;  // per incident, the seq of every stored note
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kNotesPerThread; ++n) {
        int target = (t + n) % kShared;
        bool fail = (t + n) % 3 == 0;
        IncidentMutation mutation = [&, fail, t,
                                     n](Incident& incident) -> Result<std::optional<WorkLogDraft>> {
          incident.title = fmt::format("scribbled by {} {}", t, n);
          if (fail) return Fail(ErrorCode::kConflict, "refused");
          return std::optional<WorkLogDraft>(WorkLogDraft{"note", fmt::format("{} {}", t, n)});
        };
        auto mutated = store_->MutateIncident(shared[target], mutation, "bob", kT0);
        if (fail) {
          if (mutated || mutated.error().code != ErrorCode::kConflict) ++unexpected;
        } else if (!mutated || !mutated->entry) {
          ++unexpected;
        } else {
          ++notes_stored[target];
          std::lock_guard lock(seqs_mutex);
          seqs[shared[target]].push_back(mutated->entry->seq);
        }
        if (n % 6 == 0) {
          auto [incident, draft] = NewIncident(fmt::format("created by {} at {}", t, n));
          if (store_->CreateIncident(incident, draft, "alice"))
            ++creates;
          else
            ++unexpected;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(unexpected, 0);
  EXPECT_EQ(creates, kThreads * (kNotesPerThread / 6));

  int total_notes = 0;
  for (int i = 0; i < kShared; ++i) {
    total_notes += notes_stored[i];
    auto got = store_->GetIncident(shared[i]);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->version, 1 + notes_stored[i]);
    auto log = store_->ListWorkLog(shared[i]);
    ASSERT_TRUE(log);
    ASSERT_EQ(std::ssize(*log), 1 + notes_stored[i]);
    for (const auto& entry : *log) EXPECT_EQ(entry.action, entry.seq == 1 ? "created" : "note");
    // Each stored note got its own place in the chain: seqs 2 … count+1, each once.
    auto& stored = seqs[shared[i]];
    std::sort(stored.begin(), stored.end());
    for (int k = 0; k < std::ssize(stored); ++k) EXPECT_EQ(stored[k], k + 2);
  }
  EXPECT_EQ(total_notes, kThreads * kNotesPerThread * 2 / 3);
  auto verified = store_->VerifyWorkLogs();
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->incidents, kShared + creates);
  EXPECT_EQ(verified->entries, kShared + total_notes + creates);
  EXPECT_TRUE(verified->problems.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentStoreTest, ValuesIn(StoreBackends()), BackendName);

}  // namespace
}  // namespace hikeshi::testing
