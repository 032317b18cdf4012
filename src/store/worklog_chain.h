// The tamper-evident work log: how an entry's hash is computed and how one incident's chain is
// verified. Backend-independent (SQLite and PostgreSQL stores share it). The byte format and
// what verification can and cannot catch are specified in doc/worklog_format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/worklog.h"
#include "store/store.h"

namespace hikeshi {

// prev_hash of every incident's first entry: 64 '0' characters.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Lowercase hex SHA-256 over prev_hash followed by the canonical encoding of the entry's
// incident_id, seq, at, responder, action and text (entry.prev_hash and entry.hash are ignored).
std::string ChainHash(std::string_view prev_hash, const WorkLogEntry& entry);

// Checks one incident's entries, fed in stored order (ascending seq), against the length and head
// the incident row records. Stops at the first problem: later entries cannot be trusted anyway.
// Memory stays flat: only the previous entry's hash is kept.
class ChainVerifier {
 public:
  explicit ChainVerifier(int64_t incident_id);

  void Add(const WorkLogEntry& entry);
  // The first problem found, or nullopt when the chain is intact and ends where the incident says.
  std::optional<ChainProblem> Finish(int64_t recorded_count, std::string_view recorded_head);

  int64_t Entries() const { return entries_; }

 private:
  int64_t incident_id_;
  int64_t entries_ = 0;
  std::string last_hash_{kGenesisHash};
  std::optional<ChainProblem> problem_;
};

// One-shot form of ChainVerifier for a whole chain already in memory.
std::optional<ChainProblem> VerifyChain(int64_t incident_id, std::span<const WorkLogEntry> entries,
                                        int64_t recorded_count, std::string_view recorded_head);

}  // namespace hikeshi
