// The Sigma rule model: what the loader (sigma_loader.h) produces from YAML and the engine
// (sigma_engine.h) compiles. Field names here are already mapped onto Event field names
// (sigma_logsource.h); value patterns are already turned into Vectorscan expressions.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hikeshi::triage {

// How one detection item is decided.
enum class SigmaItemKind {
  kPattern,   // literal/wildcard values: Vectorscan finds literals, globs confirm (`contains`, …)
  kRegex,     // `re`: RE2, with a Vectorscan prefilter where the expression allows it
  kNull,      // `field: null`: the field is absent or empty
  kExists,    // `field|exists: true|false`
  kCidr,      // `field|cidr`
  kNumeric,   // `field|lt|lte|gt|gte`
  kFieldRef,  // `field|fieldref`: compare with another field of the same event
};

enum class SigmaNumericOp { kLt, kLte, kGt, kGte };
enum class SigmaAnchor { kExact, kContains, kStartsWith, kEndsWith };

// An IPv4 or IPv6 network; IPv4 is stored as an IPv4-mapped IPv6 address (::ffff:a.b.c.d).
struct SigmaNetwork {
  std::array<uint8_t, 16> address{};
  int prefix_bits = 0;  // over the 128-bit form
};

// A string value after wildcard parsing and modifiers (see sigma_glob.h).
struct SigmaGlobPiece {
  enum class Kind { kLiteral, kAnyString, kAnyChar, kDash } kind = Kind::kLiteral;
  std::string bytes;  // kLiteral
};
struct SigmaGlob {
  std::vector<SigmaGlobPiece> pieces;  // no leading or trailing kAnyString
  bool anchored_start = false, anchored_end = false;
};

// One value of an item (one entry of the YAML list).
struct SigmaValue {
  // kPattern: globs, any of which decides the value (several when a modifier such as
  // base64offset yields variants). Empty when `trivial` decides.
  std::vector<SigmaGlob> globs;
  bool cased = false;
  enum class Trivial { kNone, kAnyValue, kEmptyValue } trivial = Trivial::kNone;
  // kRegex: the RE2 pattern (sub-modifiers as a (?i)(?m)(?s) prefix), and the same expression
  // with Vectorscan flags for the prefilter.
  std::string regex;
  std::string prefilter;
  unsigned prefilter_flags = 0;
  SigmaNetwork network;     // kCidr
  double number = 0;        // kNumeric
  bool exists = true;       // kExists
  std::string other_field;  // kFieldRef
};

struct SigmaItem {
  SigmaItemKind kind = SigmaItemKind::kPattern;
  std::string field;       // Event field name after mapping; empty: keyword (message/line)
  std::string rule_field;  // the name as written in the rule
  bool all = false;        // `|all`: every value must match (default: any)
  bool negate = false;     // `|neq`: true when the field is present and no value matches
  SigmaNumericOp numeric_op = SigmaNumericOp::kGt;
  SigmaAnchor anchor = SigmaAnchor::kExact;  // kFieldRef only
  std::vector<SigmaValue> values;
};

// A search identifier: OR over alternatives, each the AND of items (indices into items).
struct SigmaSelection {
  std::string name;
  std::vector<std::vector<uint32_t>> alternatives;
};

// Condition syntax tree. Leaves name selections by index.
struct SigmaCondition {
  enum class Op { kAnd, kOr, kNot, kSelection, kOneOf, kAllOf } op = Op::kSelection;
  std::vector<std::unique_ptr<SigmaCondition>> children;  // kAnd, kOr, kNot
  std::vector<uint32_t> selections;                       // kSelection (one), kOneOf, kAllOf
};

enum class SigmaCorrelationType { kEventCount, kValueCount, kTemporal, kTemporalOrdered };

struct SigmaCorrelation {
  SigmaCorrelationType type = SigmaCorrelationType::kEventCount;
  std::vector<std::string> rules;     // ids or names, resolved by the engine
  std::vector<std::string> group_by;  // event field names (or alias names)
  int64_t timespan_us = 0;
  std::optional<int64_t> gt, gte, lt, lte, eq, neq;
  std::string value_field;  // value_count: the counted field
  bool generate = false;    // also report the referenced rules on their own
  // alias -> (rule name -> event field)
  std::map<std::string, std::map<std::string, std::string>> aliases;
};

struct SigmaLogsource {
  std::string product, service, category;
};

struct SigmaRule {
  std::string id, name, title, level, status, file;
  std::vector<std::string> tags;
  SigmaLogsource logsource;
  // Detection rules.
  std::vector<SigmaItem> items;
  std::vector<SigmaSelection> selections;
  std::unique_ptr<SigmaCondition> condition;
  // Correlation rules (then items/selections/condition are empty).
  std::optional<SigmaCorrelation> correlation;
};

// A rule that was not loaded or compiled, with the reason; never dropped silently.
struct SigmaUnsupported {
  std::string file, id, title, reason;
};

struct SigmaRuleSet {
  std::vector<SigmaRule> rules;
  std::vector<SigmaUnsupported> unsupported;
};

}  // namespace hikeshi::triage
