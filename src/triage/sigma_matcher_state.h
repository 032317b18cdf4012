// Internal to the matcher (sigma_matcher.cc scans, sigma_evaluate.cc evaluates): the
// per-thread state of a SigmaMatcher. Not for use elsewhere.
#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "triage/sigma_compiled.h"

namespace hikeshi::triage {

struct Segment {
  uint32_t field;
  uint32_t begin, end;  // in the scan buffer
};

struct SigmaMatcher::State {
  HsScratch scratch;
  std::vector<uint64_t> slot_bits;
  std::vector<uint32_t> touched_words;
  std::vector<uint32_t> rule_stamp;  // == generation: already a candidate this event
  std::vector<uint32_t> candidates;
  std::vector<uint32_t> item_stamp;  // == generation: item_result is for this event
  std::vector<uint8_t> item_result;
  uint32_t generation = 0;
  std::vector<uint32_t> matched;
  const Event* event = nullptr;
  std::string buffer;  // the scanned field values, end to end
  std::vector<Segment> segments;
  std::vector<int32_t> segment_of_field;  // first segment of each field index, or -1
  std::string virtual_uri;
  std::string_view virtual_extension;
  bool has_virtual_uri = false, has_virtual_extension = false;
  // (format, program) -> rules eligible for such events, and those to evaluate without hits.
  struct Eligible {
    std::vector<uint8_t> eligible;
    std::vector<uint32_t> always;
    int literal_database = -1;  // for the event's format
    bool any = false;           // any rule at all
  };
  std::map<std::pair<std::string, std::string>, Eligible> eligibility;
  Eligible scratch_eligible;
  std::string last_format, last_program;
  Eligible* last_eligible = nullptr;
  // Field name -> field index (-1: no rule looks at it), direct-mapped on the name's address:
  // readers name fields with constants, so the same pointers come back event after event.
  // The name is compared too, so a reused address never gives a wrong answer.
  struct NameSlot {
    const char* data = nullptr;
    std::string name;
    int index = -1;
  };
  std::array<NameSlot, 256> names;
};

}  // namespace hikeshi::triage
