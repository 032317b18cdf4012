// Static analysis of compiled rules: which rules can match without any Vectorscan hit, and
// which item's hits alone should make a rule a candidate (see sigma_compiled.h).
#include <algorithm>
#include <cstdint>

#include "triage/sigma_compiled.h"
#include "triage/sigma_glob.h"

namespace hikeshi::triage {
namespace {

using Compiled = SigmaEngine::Compiled;

// Kleene logic for "can this rule match when no Vectorscan pattern hit?".
enum class Tri { kFalse, kUnknown, kTrue };

Tri And(Tri a, Tri b) {
  if (a == Tri::kFalse || b == Tri::kFalse) return Tri::kFalse;
  return (a == Tri::kTrue && b == Tri::kTrue) ? Tri::kTrue : Tri::kUnknown;
}
Tri Or(Tri a, Tri b) {
  if (a == Tri::kTrue || b == Tri::kTrue) return Tri::kTrue;
  return (a == Tri::kFalse && b == Tri::kFalse) ? Tri::kFalse : Tri::kUnknown;
}

Tri ItemWithoutHits(const Compiled& c, uint32_t global_item) {
  const SigmaItem& item = *c.items[global_item];
  if (item.negate) return Tri::kUnknown;
  if (item.kind != SigmaItemKind::kPattern && item.kind != SigmaItemKind::kRegex) {
    return Tri::kUnknown;
  }
  size_t decided = 0;
  for (size_t v = 0; v < item.values.size(); ++v) {
    uint32_t slot = c.item_slot_base[global_item] + static_cast<uint32_t>(v);
    decided += c.slot_kind[slot] != SigmaSlotKind::kUnscanned || c.slot_prefiltered[slot];
  }
  bool cannot_match = item.all ? decided > 0 : decided == item.values.size();
  return cannot_match ? Tri::kFalse : Tri::kUnknown;
}

// Three-valued evaluation of a rule's condition, with `item_value` giving each item's value.
template <typename ItemValue>
Tri Kleene(const Compiled& c, uint32_t rule, const SigmaCondition& node,
           const ItemValue& item_value) {
  using Op = SigmaCondition::Op;
  auto selection_value = [&](uint32_t selection) {
    Tri result = Tri::kFalse;
    for (const auto& alternative : c.rules[rule].selections[selection].alternatives) {
      Tri all = Tri::kTrue;
      for (uint32_t item : alternative) all = And(all, item_value(c.item_base[rule] + item));
      result = Or(result, all);
    }
    return result;
  };
  switch (node.op) {
    case Op::kAnd: {
      Tri result = Tri::kTrue;
      for (const auto& child : node.children)
        result = And(result, Kleene(c, rule, *child, item_value));
      return result;
    }
    case Op::kOr: {
      Tri result = Tri::kFalse;
      for (const auto& child : node.children)
        result = Or(result, Kleene(c, rule, *child, item_value));
      return result;
    }
    case Op::kNot: {
      Tri inner = Kleene(c, rule, *node.children.front(), item_value);
      return inner == Tri::kTrue ? Tri::kFalse : inner == Tri::kFalse ? Tri::kTrue : Tri::kUnknown;
    }
    case Op::kSelection:
    case Op::kOneOf: {
      Tri result = Tri::kFalse;
      for (uint32_t s : node.selections) result = Or(result, selection_value(s));
      return result;
    }
    case Op::kAllOf: {
      Tri result = Tri::kTrue;
      for (uint32_t s : node.selections) result = And(result, selection_value(s));
      return result;
    }
  }
  return Tri::kUnknown;
}

}  // namespace

bool SigmaCanMatchWithoutHits(const Compiled& c, uint32_t rule) {
  return Kleene(c, rule, *c.rules[rule].condition,
                [&](uint32_t item) { return ItemWithoutHits(c, item); }) != Tri::kFalse;
}

// How rare an item's hits are likely to be: the shortest literal among its values (exact
// values count whole). Longer is rarer.
namespace {

size_t Rarity(const Compiled& c, uint32_t global_item) {
  size_t shortest = SIZE_MAX;
  for (const SigmaValue& value : c.items[global_item]->values) {
    for (const SigmaGlob& glob : value.globs)
      shortest = std::min(shortest, SigmaGlobFactor(glob).size());
    if (!value.prefilter.empty()) shortest = std::min<size_t>(shortest, 3);
  }
  return shortest == SIZE_MAX ? 0 : shortest;
}

// The item whose hits alone make the rule a candidate: one the rule cannot match without
// (the condition is false when it is false) and that cannot be true without a hit. -1 when
// there is none (then any hit makes the rule a candidate).
}  // namespace

int SigmaTriggerItem(const Compiled& c, uint32_t rule) {
  int best = -1;
  size_t best_rarity = 0;
  const size_t count = c.rules[rule].items.size();
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t item = c.item_base[rule] + i;
    if (ItemWithoutHits(c, item) != Tri::kFalse) continue;
    Tri forced = Kleene(c, rule, *c.rules[rule].condition, [&](uint32_t other) {
      return other == item ? Tri::kFalse : Tri::kUnknown;
    });
    if (forced != Tri::kFalse) continue;
    size_t rarity = Rarity(c, item);
    if (best < 0 || rarity > best_rarity) {
      best = static_cast<int>(item);
      best_rarity = rarity;
    }
  }
  return best;
}

}  // namespace hikeshi::triage
