#include "store/worklog_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace hikeshi {
namespace {

using ::testing::HasSubstr;

constexpr Timestamp kAt{std::chrono::microseconds{1'790'000'000'123'456}};

WorkLogEntry Entry(int64_t seq, std::string text = "note") {
  return WorkLogEntry{.incident_id = 7,
                      .seq = seq,
                      .at = kAt,
                      .responder = "alice",
                      .action = "note",
                      .text = std::move(text)};
}

// A correctly linked chain of `length` entries for incident 7.
std::vector<WorkLogEntry> Chain(int length) {
  std::vector<WorkLogEntry> chain;
  std::string prev(kGenesisHash);
  for (int seq = 1; seq <= length; ++seq) {
    WorkLogEntry entry = Entry(seq, "entry " + std::to_string(seq));
    entry.prev_hash = prev;
    entry.hash = ChainHash(prev, entry);
    prev = entry.hash;
    chain.push_back(entry);
  }
  return chain;
}

TEST(ChainHash, MatchesTheDocumentedFormat) {
  // Computed independently from doc/worklog_format.md (Python: hashlib over the length-prefixed
  // big-endian encoding). A change here breaks every stored chain: add a new format instead.
  WorkLogEntry entry{.incident_id = 1,
                     .seq = 1,
                     .at = FromMicros(1'700'000'000'000'000),
                     .responder = "alice",
                     .action = "created",
                     .text = "opened \"ランサムウェア感染の疑い\""};
  EXPECT_EQ(ChainHash(kGenesisHash, entry),
            "29d6169ea6794e7f6cf97e040215cc8c7ebb68800d2b034813970352b18ef4db");
}

TEST(ChainHash, IsDeterministicLowercaseHex) {
  std::string hash = ChainHash(kGenesisHash, Entry(1));
  EXPECT_EQ(hash, ChainHash(kGenesisHash, Entry(1)));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(ChainHash, EveryFieldChangesTheHash) {
  const WorkLogEntry base = Entry(1);
  const std::string hash = ChainHash(kGenesisHash, base);
  std::vector<WorkLogEntry> variants(6, base);
  variants[0].incident_id = 8;
  variants[1].seq = 2;
  variants[2].at += std::chrono::microseconds(1);
  variants[3].responder = "bob";
  variants[4].action = "transition";
  variants[5].text = "note.";
  for (const WorkLogEntry& variant : variants) {
    EXPECT_NE(ChainHash(kGenesisHash, variant), hash);
  }
  EXPECT_NE(ChainHash(std::string(63, '0') + "1", base), hash);
}

TEST(ChainHash, IgnoresTheStoredHashFields) {
  WorkLogEntry entry = Entry(1);
  std::string hash = ChainHash(kGenesisHash, entry);
  entry.prev_hash = "anything";
  entry.hash = "anything";
  EXPECT_EQ(ChainHash(kGenesisHash, entry), hash);
}

TEST(ChainHash, FieldBoundariesCannotBeShifted) {
  WorkLogEntry a = Entry(1);
  WorkLogEntry b = Entry(1);
  a.responder = "ab";
  a.action = "c";
  b.responder = "a";
  b.action = "bc";
  EXPECT_NE(ChainHash(kGenesisHash, a), ChainHash(kGenesisHash, b));

  a.action = "note";
  a.text = "";
  b.action = "";
  b.text = "note";
  a.responder = b.responder = "x";
  EXPECT_NE(ChainHash(kGenesisHash, a), ChainHash(kGenesisHash, b));

  // Bytes moved from the end of prev_hash into the responder.
  WorkLogEntry c = Entry(1);
  c.responder = "0alice";
  EXPECT_NE(ChainHash(kGenesisHash, Entry(1)), ChainHash(kGenesisHash.substr(1), c));
}

TEST(VerifyChain, AcceptsAnIntactChain) {
  auto chain = Chain(4);
  EXPECT_EQ(VerifyChain(7, chain, 4, chain.back().hash), std::nullopt);
}

TEST(VerifyChain, EditedEntry) {
  auto chain = Chain(4);
  chain[1].text = "entry 2, rewritten";
  auto problem = VerifyChain(7, chain, 4, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->incident_id, 7);
  EXPECT_EQ(problem->seq, 2);
  EXPECT_EQ(problem->what, "entry 2 content does not match its hash (edited?)");
}

TEST(VerifyChain, MissingMiddleEntry) {
  auto chain = Chain(4);
  chain.erase(chain.begin() + 2);
  auto problem = VerifyChain(7, chain, 4, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 3);
  EXPECT_EQ(problem->what, "entry 3 missing (deleted?)");
}

TEST(VerifyChain, MissingFirstEntry) {
  auto chain = Chain(3);
  chain.erase(chain.begin());
  auto problem = VerifyChain(7, chain, 3, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 1);
  EXPECT_EQ(problem->what, "entry 1 missing (deleted?)");
}

TEST(VerifyChain, SwappedEntries) {
  auto chain = Chain(4);
  std::swap(chain[1].seq, chain[2].seq);
  std::swap(chain[1], chain[2]);  // stored order follows seq
  auto problem = VerifyChain(7, chain, 4, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 2);
  EXPECT_EQ(problem->what, "entry 2 does not link to entry 1 (reordered or replaced?)");
}

TEST(VerifyChain, ReplacedFirstEntry) {
  auto chain = Chain(2);
  chain[0].prev_hash = std::string(64, 'f');
  chain[0].hash = ChainHash(chain[0].prev_hash, chain[0]);
  auto problem = VerifyChain(7, chain, 2, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 1);
  EXPECT_THAT(problem->what, HasSubstr("entry 1 does not start the chain"));
}

TEST(VerifyChain, MissingTail) {
  auto chain = Chain(4);
  std::string head = chain.back().hash;
  chain.pop_back();
  auto problem = VerifyChain(7, chain, 4, head);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 4);
  EXPECT_EQ(problem->what, "chain ends at 3 but the incident records 4 entries (tail deleted?)");
}

TEST(VerifyChain, ExtraEntries) {
  auto chain = Chain(4);
  auto problem = VerifyChain(7, chain, 3, chain[2].hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 4);
  EXPECT_THAT(problem->what, HasSubstr("chain ends at 4 but the incident records 3 entries"));
}

TEST(VerifyChain, HeadMismatch) {
  auto chain = Chain(4);
  auto problem = VerifyChain(7, chain, 4, std::string(64, 'a'));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 4);
  EXPECT_THAT(problem->what, HasSubstr("does not match the head the incident records"));
}

TEST(VerifyChain, EntryOfAnotherIncident) {
  auto chain = Chain(2);
  chain[1].incident_id = 8;
  auto problem = VerifyChain(7, chain, 2, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 2);
  EXPECT_THAT(problem->what, HasSubstr("belongs to incident 8"));
}

TEST(VerifyChain, ReportsOnlyTheFirstProblem) {
  auto chain = Chain(5);
  chain[1].text = "edited";
  chain.erase(chain.begin() + 3);
  auto problem = VerifyChain(7, chain, 5, chain.back().hash);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->seq, 2);
}

TEST(ChainVerifier, CountsVerifiedEntries) {
  auto chain = Chain(3);
  ChainVerifier verifier(7);
  for (const auto& entry : chain) verifier.Add(entry);
  EXPECT_EQ(verifier.Entries(), 3);
  EXPECT_EQ(verifier.Finish(3, chain.back().hash), std::nullopt);
}

}  // namespace
}  // namespace hikeshi
