// The work log: every action on an incident as time · responder · what was done.
#pragma once

#include <cstdint>
#include <string>

#include "core/time.h"

namespace hikeshi {

// What a domain operation wants recorded; the store adds sequence, time, responder and hashes.
struct WorkLogDraft {
  std::string action;  // "created", "updated", "transition", "note", …
  std::string text;    // human-readable; for transitions "open → contained: <note>"
};

// One stored entry. Entries of one incident form a hash chain (see store/worklog_chain.h):
// hash = SHA-256(prev_hash ‖ canonical bytes of this entry), so an edit, deletion or reordering
// of stored rows is detectable.
struct WorkLogEntry {
  int64_t incident_id = 0;
  int64_t seq = 0;  // 1, 2, 3, … per incident
  Timestamp at;
  std::string responder;  // user name, or "cli:<name>" for local commands
  std::string action;
  std::string text;
  std::string prev_hash;  // lowercase hex; 64 zeros for the first entry
  std::string hash;       // lowercase hex SHA-256
};

}  // namespace hikeshi
