// Internal to the engine (sigma_engine.cc compiles, sigma_matcher.cc matches): the compiled
// form of a rule set. Not for use outside those two files.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "triage/sigma_engine.h"
#include "triage/sigma_logsource.h"

namespace hikeshi::triage {

struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* scratch) const { hs_free_scratch(scratch); }
};
using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

// One Vectorscan database: all values of all rules for one Event field ("" = keywords).
struct SigmaFieldDatabase {
  std::string field;
  HsDatabase database;
  std::vector<std::vector<uint32_t>> slots_of_pattern;  // Vectorscan id -> value slots
};

// A value slot is one SigmaValue of one item of one rule; the matcher keeps one hit bit each.
struct SigmaEngine::Compiled {
  SigmaCompileReport report;
  std::vector<SigmaRule> rules;
  // Per rule: first global item index (items of rule r are item_base[r] + i).
  std::vector<uint32_t> item_base;
  // Per global item: its rule, its item, its first value slot.
  std::vector<uint32_t> item_rule;
  std::vector<const SigmaItem*> items;
  std::vector<uint32_t> item_slot_base;
  // Per value slot: its global item, whether Vectorscan decides (or prefilters) it.
  std::vector<uint32_t> slot_item;
  std::vector<uint8_t> slot_in_database;
  std::vector<std::unique_ptr<RE2>> slot_regex;  // `re` values only
  // Per rule: readers whose events it sees; whether it must be evaluated without any hit.
  std::vector<std::vector<SigmaReaderSelector>> readers;
  std::vector<uint8_t> always_evaluate;
  std::vector<uint8_t> reported_alone;
  std::vector<uint32_t> detection_rules;
  std::vector<uint32_t> correlation_order;
  std::vector<std::vector<uint32_t>> correlation_refs;
  std::vector<SigmaFieldDatabase> databases;
  std::unordered_map<std::string_view, uint32_t> database_of_field;  // into databases
  int keyword_database = -1;
  bool wants_virtual_uri = false, wants_virtual_extension = false;
  HsScratch scratch_prototype;
};

}  // namespace hikeshi::triage
