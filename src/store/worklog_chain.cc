#include "store/worklog_chain.h"

#include <fmt/format.h>

#include "core/sha256.h"

namespace hikeshi {
namespace {

// Every integer is 8 bytes, big-endian, two's complement; every string is its byte length as
// such an integer followed by its bytes. Fixed widths and length prefixes make the encoding
// injective: no two different entries produce the same bytes.
void AppendInteger(std::string& out, int64_t value) {
  auto bits = static_cast<uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((bits >> shift) & 0xFF));
  }
}

void AppendString(std::string& out, std::string_view text) {
  AppendInteger(out, static_cast<int64_t>(text.size()));
  out.append(text);
}

}  // namespace

std::string ChainHash(std::string_view prev_hash, const WorkLogEntry& entry) {
  std::string bytes;
  bytes.reserve(6 * 8 + 3 * 8 + prev_hash.size() + entry.responder.size() + entry.action.size() +
                entry.text.size());
  AppendString(bytes, prev_hash);
  AppendInteger(bytes, entry.incident_id);
  AppendInteger(bytes, entry.seq);
  AppendInteger(bytes, ToMicros(entry.at));
  AppendString(bytes, entry.responder);
  AppendString(bytes, entry.action);
  AppendString(bytes, entry.text);
  return Sha256Hex(bytes);
}

ChainVerifier::ChainVerifier(int64_t incident_id) : incident_id_(incident_id) {}

void ChainVerifier::Add(const WorkLogEntry& entry) {
  if (problem_) return;
  int64_t expected = entries_ + 1;
  auto fail = [&](int64_t seq, std::string what) {
    problem_ = ChainProblem{incident_id_, seq, std::move(what)};
  };
  if (entry.incident_id != incident_id_) {
    return fail(expected, fmt::format("entry {} belongs to incident {} (moved between incidents?)",
                                      expected, entry.incident_id));
  }
  // Checked in this order so each kind of tampering gets its own diagnosis: a missing seq means a
  // deleted row; a row whose prev_hash does not name its predecessor was moved or substituted;
  // a row that links correctly but does not hash to its stored hash was edited in place.
  if (entry.seq > expected) {
    return fail(expected, fmt::format("entry {} missing (deleted?)", expected));
  }
  if (entry.seq < expected) {
    return fail(expected,
                fmt::format("entry {} out of sequence (stored seq {})", expected, entry.seq));
  }
  if (entry.prev_hash != last_hash_) {
    return fail(expected,
                expected == 1
                    ? std::string("entry 1 does not start the chain (replaced?)")
                    : fmt::format("entry {} does not link to entry {} (reordered or replaced?)",
                                  expected, expected - 1));
  }
  if (ChainHash(entry.prev_hash, entry) != entry.hash) {
    return fail(expected,
                fmt::format("entry {} content does not match its hash (edited?)", expected));
  }
  last_hash_ = entry.hash;
  entries_ = expected;
}

std::optional<ChainProblem> ChainVerifier::Finish(int64_t recorded_count,
                                                  std::string_view recorded_head) {
  if (problem_) return problem_;
  if (entries_ < recorded_count) {
    return ChainProblem{
        incident_id_, entries_ + 1,
        fmt::format("chain ends at {} but the incident records {} entries (tail deleted?)",
                    entries_, recorded_count)};
  }
  if (entries_ > recorded_count) {
    return ChainProblem{
        incident_id_, recorded_count + 1,
        fmt::format("chain ends at {} but the incident records {} entries (entries added "
                    "outside hikeshi, or the incident row edited?)",
                    entries_, recorded_count)};
  }
  if (recorded_head != last_hash_) {
    return ChainProblem{
        incident_id_, entries_,
        fmt::format("chain head at entry {} does not match the head the incident records "
                    "(incident row edited, or the tail replaced?)",
                    entries_)};
  }
  return std::nullopt;
}

std::optional<ChainProblem> VerifyChain(int64_t incident_id, std::span<const WorkLogEntry> entries,
                                        int64_t recorded_count, std::string_view recorded_head) {
  ChainVerifier verifier(incident_id);
  for (const WorkLogEntry& entry : entries) verifier.Add(entry);
  return verifier.Finish(recorded_count, recorded_head);
}

}  // namespace hikeshi
