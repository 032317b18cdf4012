// Internal to the engine (sigma_engine.cc compiles, sigma_matcher.cc matches): the compiled
// form of a rule set. Not for use outside those two files.
//
// All literals of all rules live in ONE Vectorscan literal database. Per event the matcher
// lays the values of the fields rules look at (and the message, for keywords) end to end in
// one buffer and scans it once; a hit counts for a value only when it falls inside a segment
// of the value's field and respects its anchors. `re` values have small per-field prefilter
// databases of their own.
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

// How a value slot is decided.
enum class SigmaSlotKind : uint8_t {
  kDirect,     // every glob is one literal: a hit in the right place decides
  kCandidate,  // a hit of a glob's longest literal makes it a candidate; the glob confirms
  kUnscanned,  // no literal to look for (or not a pattern): evaluated on every candidate rule
};

// One use of one literal by one value slot.
struct SigmaLiteralUse {
  uint32_t field;  // field index; 0 is the keyword text
  uint32_t slot;
  uint32_t length;
  bool anchored_start, anchored_end;
  bool direct;  // the literal is the whole glob: anchors decide; else the slot is a candidate
};

// A value slot is one SigmaValue of one item of one rule; the matcher keeps one hit bit each.
struct SigmaEngine::Compiled {
  SigmaCompileReport report;
  std::vector<SigmaRule> rules;
  std::vector<uint32_t> item_base;  // per rule: first global item index
  // Per global item: its rule, the item, its first value slot, its field index.
  std::vector<uint32_t> item_rule;
  std::vector<const SigmaItem*> items;
  std::vector<uint32_t> item_slot_base;
  std::vector<uint32_t> item_field;      // field index
  std::vector<uint8_t> item_all_direct;  // kPattern item whose every value is kDirect
  // Per value slot.
  std::vector<uint32_t> slot_item;
  std::vector<SigmaSlotKind> slot_kind;
  std::vector<SigmaValue::Trivial> slot_trivial;  // compact copy: evaluation stays in cache
  std::vector<std::unique_ptr<RE2>> slot_regex;   // `re` values only
  std::vector<uint8_t> slot_prefiltered;          // `re` values with a Vectorscan prefilter
  // Whether a hit makes the rule a candidate: only the rule's trigger item does, when it has
  // one (an item the rule cannot match without, preferably with long literals).
  std::vector<uint8_t> slot_marks_rule;
  // Per rule.
  std::vector<std::vector<SigmaReaderSelector>> readers;  // empty: disabled
  std::vector<uint8_t> always_evaluate;
  std::vector<uint8_t> reported_alone;
  std::vector<uint32_t> detection_rules;
  std::vector<uint32_t> correlation_order;
  std::vector<std::vector<uint32_t>> correlation_refs;
  // Fields rules look at: index 0 is the keyword text, then Event field names.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::vector<std::string> field_names;
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> field_index;
  bool keywords_used = false;
  // The literal databases, one per reader format pattern ("syslog*", "access", …) holding the
  // literals of the rules that see such events, and per Vectorscan id the uses of that
  // literal sorted by field.
  struct LiteralDatabase {
    std::string format;
    HsDatabase database;
    std::vector<std::vector<SigmaLiteralUse>> uses;
  };
  std::vector<LiteralDatabase> literal_databases;
  // Whole-value literals (no wildcard, exact match) are looked up, not scanned: per field,
  // value (lowercased unless cased) -> slots.
  using ExactMap =
      std::unordered_map<std::string, std::vector<uint32_t>, NameHash, std::equal_to<>>;
  // Caseless keys are stored lowercased and found without copying: hash and compare fold
  // ASCII case on the fly.
  struct FoldedHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const {
      uint64_t hash = 1469598103934665603ULL;  // FNV-1a
      for (unsigned char c : text) {
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        hash = (hash ^ c) * 1099511628211ULL;
      }
      return hash;
    }
  };
  struct FoldedEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const {
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        unsigned char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y) return false;
      }
      return true;
    }
  };
  using FoldedMap = std::unordered_map<std::string, std::vector<uint32_t>, FoldedHash, FoldedEqual>;
  std::vector<FoldedMap> exact_caseless;
  std::vector<ExactMap> exact_cased;
  // Per field, the lengths of its whole-value literals: most values have none of them, and a
  // look-up (a case-folding hash over the value first) is then skipped.
  struct ExactLengths {
    uint64_t under_64 = 0;  // bit n: some literal has n bytes
    size_t longest = 0;
    bool Possible(size_t n) const { return n < 64 ? (under_64 >> n) & 1 : n <= longest; }
  };
  std::vector<ExactLengths> exact_lengths;
  // `re` prefilters, one database per field that has any (-1: none).
  std::vector<int> regex_database_of_field;
  std::vector<HsDatabase> regex_databases;
  std::vector<std::vector<uint32_t>> regex_slots;  // per regex database: Vectorscan id -> slot
  int uri_field = -1, extension_field = -1;        // virtual fields, when rules use them
  HsScratch scratch_prototype;
};

// Whether `rule`'s condition can hold when no value slot decided by Vectorscan hit (three-valued
// evaluation: such items false, the others unknown). Those rules are evaluated for every event
// of their readers.
bool SigmaCanMatchWithoutHits(const SigmaEngine::Compiled& c, uint32_t rule);

// A global item index whose hits alone make `rule` a candidate: an item the rule cannot match
// without and that cannot hold without a hit, the one with the longest literals; -1 if none.
int SigmaTriggerItem(const SigmaEngine::Compiled& c, uint32_t rule);

}  // namespace hikeshi::triage
