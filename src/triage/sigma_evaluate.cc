// SigmaMatcher: evaluating candidate rules on the hits of one event, and findings.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "triage/sigma_glob.h"
#include "triage/sigma_matcher_state.h"
#include "triage/sigma_value.h"

namespace hikeshi::triage {
namespace {

bool AnchoredEqual(std::string_view value, std::string_view other, SigmaAnchor anchor) {
  switch (anchor) {
    case SigmaAnchor::kExact:
      return EqualsIgnoringAsciiCase(value, other);
    case SigmaAnchor::kStartsWith:
      return value.size() >= other.size() &&
             EqualsIgnoringAsciiCase(value.substr(0, other.size()), other);
    case SigmaAnchor::kEndsWith:
      return value.size() >= other.size() &&
             EqualsIgnoringAsciiCase(value.substr(value.size() - other.size()), other);
    case SigmaAnchor::kContains:
      for (size_t i = 0; i + other.size() <= value.size(); ++i) {
        if (EqualsIgnoringAsciiCase(value.substr(i, other.size()), other)) return true;
      }
      return false;
  }
  return false;
}

std::optional<double> ParseNumber(std::string_view text) {
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

}  // namespace

bool SigmaMatcher::EvaluateItem(uint32_t global_item) {
  const auto& c = *engine_.compiled_;
  State& s = *state_;
  if (s.item_stamp[global_item] == s.generation) return s.item_result[global_item];
  const SigmaItem& item = *c.items[global_item];
  const uint32_t base = c.item_slot_base[global_item];
  // The item's field as laid out for scanning (the first field of that name, like Event::Get).
  std::optional<std::string_view> value;
  if (int32_t segment = s.segment_of_field[c.item_field[global_item]]; segment >= 0) {
    const Segment& at = s.segments[segment];
    value = std::string_view(s.buffer.data() + at.begin, at.end - at.begin);
  }
  bool result = false;
  auto combine = [&](auto&& value_matches) {
    bool any = false, all = true;
    for (size_t v = 0; v < item.values.size(); ++v) {
      bool hit = value_matches(v);
      any |= hit;
      all &= hit;
      if (item.all ? !all : any) break;
    }
    return item.all ? all : any;
  };
  switch (item.kind) {
    case SigmaItemKind::kPattern: {
      if (!value) break;
      auto bit = [&](uint32_t slot) { return ((s.slot_bits[slot / 64] >> (slot % 64)) & 1) != 0; };
      const uint32_t count = static_cast<uint32_t>(item.values.size());
      if (c.item_all_direct[global_item]) {  // hit bits alone decide; touch nothing else
        bool any = false, all = true;
        for (uint32_t v = 0; v < count; ++v) {
          bool hit = bit(base + v);
          any |= hit;
          all &= hit;
        }
        result = item.all ? all : any;
        break;
      }
      result = combine([&](size_t v) {
        uint32_t slot = base + static_cast<uint32_t>(v);
        switch (c.slot_trivial[slot]) {
          case SigmaValue::Trivial::kAnyValue:
            return true;
          case SigmaValue::Trivial::kEmptyValue:
            return value->empty();
          case SigmaValue::Trivial::kNone:
            break;
        }
        switch (c.slot_kind[slot]) {
          case SigmaSlotKind::kDirect:
            return bit(slot);
          case SigmaSlotKind::kCandidate:
            if (!bit(slot)) return false;
            break;
          case SigmaSlotKind::kUnscanned:
            break;
        }
        const SigmaValue& sv = item.values[v];
        for (const SigmaGlob& glob : sv.globs) {
          if (SigmaGlobMatches(glob, *value, sv.cased)) return true;
        }
        return false;
      });
      break;
    }
    case SigmaItemKind::kRegex:
      if (!value) break;
      result = combine([&](size_t v) {
        uint32_t slot = base + static_cast<uint32_t>(v);
        if (c.slot_prefiltered[slot] && !((s.slot_bits[slot / 64] >> (slot % 64)) & 1)) {
          return false;
        }
        return RE2::PartialMatch(*value, *c.slot_regex[slot]);
      });
      break;
    case SigmaItemKind::kNull:
      result = !value || value->empty();
      break;
    case SigmaItemKind::kExists:
      result = combine([&](size_t v) { return value.has_value() == item.values[v].exists; });
      break;
    case SigmaItemKind::kCidr: {
      if (!value) break;
      auto address = ParseSigmaAddress(*value);
      if (!address) break;
      result =
          combine([&](size_t v) { return SigmaNetworkContains(item.values[v].network, *address); });
      break;
    }
    case SigmaItemKind::kNumeric: {
      if (!value) break;
      auto number = ParseNumber(*value);
      if (!number) break;
      result = combine([&](size_t v) {
        double bound = item.values[v].number;
        switch (item.numeric_op) {
          case SigmaNumericOp::kLt:
            return *number < bound;
          case SigmaNumericOp::kLte:
            return *number <= bound;
          case SigmaNumericOp::kGt:
            return *number > bound;
          case SigmaNumericOp::kGte:
            return *number >= bound;
        }
        return false;
      });
      break;
    }
    case SigmaItemKind::kFieldRef:
      if (!value) break;
      result = combine([&](size_t v) {
        auto other = FieldValue(item.values[v].other_field);
        return other && AnchoredEqual(*value, *other, item.anchor);
      });
      break;
  }
  if (item.negate) result = value.has_value() && !result;
  s.item_stamp[global_item] = s.generation;
  s.item_result[global_item] = result;
  return result;
}

bool SigmaMatcher::EvaluateSelection(uint32_t rule, uint32_t selection) {
  const auto& c = *engine_.compiled_;
  for (const auto& alternative : c.rules[rule].selections[selection].alternatives) {
    bool all = true;
    for (uint32_t item : alternative) {
      if (!EvaluateItem(c.item_base[rule] + item)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

bool SigmaMatcher::Evaluate(uint32_t rule, const SigmaCondition& node) {
  using Op = SigmaCondition::Op;
  switch (node.op) {
    case Op::kAnd:
      for (const auto& child : node.children) {
        if (!Evaluate(rule, *child)) return false;
      }
      return true;
    case Op::kOr:
      for (const auto& child : node.children) {
        if (Evaluate(rule, *child)) return true;
      }
      return false;
    case Op::kNot:
      return !Evaluate(rule, *node.children.front());
    case Op::kSelection:
    case Op::kOneOf:
      for (uint32_t s : node.selections) {
        if (EvaluateSelection(rule, s)) return true;
      }
      return false;
    case Op::kAllOf:
      for (uint32_t s : node.selections) {
        if (!EvaluateSelection(rule, s)) return false;
      }
      return true;
  }
  return false;
}

Finding SigmaMatcher::MakeFinding(uint32_t rule_index, const Event& event) const {
  const SigmaRule& rule = engine_.rules()[rule_index];
  Finding finding;
  finding.rule_id = rule.id;
  finding.rule_title = rule.title;
  finding.level = rule.level;
  finding.tags = rule.tags;
  finding.time = event.time;
  finding.source = std::string(event.source);
  finding.offset = event.offset;
  for (const SigmaItem& item : rule.items) {
    std::string name = item.field.empty() ? "keywords" : item.field;
    bool seen = std::any_of(finding.matched_fields.begin(), finding.matched_fields.end(),
                            [&](const auto& field) { return field.first == name; });
    if (seen) continue;
    std::optional<std::string_view> value;
    if (item.field.empty()) {
      value = event.message.empty() ? event.line : event.message;
    } else {
      value = event.Get(item.field);
    }
    if (value) finding.matched_fields.emplace_back(std::move(name), std::string(*value));
  }
  return finding;
}

}  // namespace hikeshi::triage
