#include "triage/sigma_engine.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "triage/sigma_compiled.h"

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
    decided += c.slot_in_database[c.item_slot_base[global_item] + v];
  }
  bool cannot_match = item.all ? decided > 0 : decided == item.values.size();
  return cannot_match ? Tri::kFalse : Tri::kUnknown;
}

Tri SelectionWithoutHits(const Compiled& c, uint32_t rule, uint32_t selection) {
  Tri result = Tri::kFalse;
  for (const auto& alternative : c.rules[rule].selections[selection].alternatives) {
    Tri all = Tri::kTrue;
    for (uint32_t item : alternative) all = And(all, ItemWithoutHits(c, c.item_base[rule] + item));
    result = Or(result, all);
  }
  return result;
}

Tri ConditionWithoutHits(const Compiled& c, uint32_t rule, const SigmaCondition& node) {
  using Op = SigmaCondition::Op;
  switch (node.op) {
    case Op::kAnd: {
      Tri result = Tri::kTrue;
      for (const auto& child : node.children)
        result = And(result, ConditionWithoutHits(c, rule, *child));
      return result;
    }
    case Op::kOr: {
      Tri result = Tri::kFalse;
      for (const auto& child : node.children)
        result = Or(result, ConditionWithoutHits(c, rule, *child));
      return result;
    }
    case Op::kNot: {
      Tri inner = ConditionWithoutHits(c, rule, *node.children.front());
      return inner == Tri::kTrue ? Tri::kFalse : inner == Tri::kFalse ? Tri::kTrue : Tri::kUnknown;
    }
    case Op::kSelection:
    case Op::kOneOf: {
      Tri result = Tri::kFalse;
      for (uint32_t s : node.selections) result = Or(result, SelectionWithoutHits(c, rule, s));
      return result;
    }
    case Op::kAllOf: {
      Tri result = Tri::kTrue;
      for (uint32_t s : node.selections) result = And(result, SelectionWithoutHits(c, rule, s));
      return result;
    }
  }
  return Tri::kUnknown;
}

// Drops correlations whose references do not resolve or form a cycle; the rest get indices.
void ResolveCorrelations(std::vector<SigmaRule>& rules, std::vector<SigmaUnsupported>& unsupported,
                         std::vector<std::vector<uint32_t>>& refs, std::vector<uint32_t>& order) {
  while (true) {
    std::map<std::string, uint32_t> by_key;
    for (uint32_t r = 0; r < rules.size(); ++r) {
      if (!rules[r].id.empty()) by_key.emplace(rules[r].id, r);
      if (!rules[r].name.empty()) by_key.emplace(rules[r].name, r);
    }
    refs.assign(rules.size(), {});
    std::vector<std::string> failure(rules.size());
    for (uint32_t r = 0; r < rules.size(); ++r) {
      if (!rules[r].correlation) continue;
      for (const std::string& key : rules[r].correlation->rules) {
        auto it = by_key.find(key);
        if (it == by_key.end()) {
          failure[r] = fmt::format("correlation refers to unknown rule '{}'", key);
          break;
        }
        refs[r].push_back(it->second);
      }
    }
    // Kahn's algorithm over correlation -> referenced correlation edges.
    std::vector<int> pending(rules.size(), 0);
    std::vector<std::vector<uint32_t>> users(rules.size());
    for (uint32_t r = 0; r < rules.size(); ++r) {
      for (uint32_t ref : refs[r]) {
        if (rules[ref].correlation) {
          ++pending[r];
          users[ref].push_back(r);
        }
      }
    }
    order.clear();
    std::vector<uint32_t> ready;
    for (uint32_t r = 0; r < rules.size(); ++r) {
      if (rules[r].correlation && pending[r] == 0) ready.push_back(r);
    }
    while (!ready.empty()) {
      uint32_t r = ready.back();
      ready.pop_back();
      order.push_back(r);
      for (uint32_t user : users[r]) {
        if (--pending[user] == 0) ready.push_back(user);
      }
    }
    for (uint32_t r = 0; r < rules.size(); ++r) {
      if (rules[r].correlation && pending[r] > 0 && failure[r].empty()) {
        failure[r] = "correlation rules refer to each other in a cycle";
      }
    }
    bool removed = false;
    for (uint32_t r = rules.size(); r-- > 0;) {
      if (failure[r].empty()) continue;
      unsupported.push_back({rules[r].file, rules[r].id, rules[r].title, failure[r]});
      rules.erase(rules.begin() + r);
      removed = true;
    }
    if (!removed) return;  // else indices moved and users of removed rules must fail too
  }
}

struct Pattern {
  std::string expression;
  unsigned flags;
  bool operator<(const Pattern& other) const {
    return std::tie(expression, flags) < std::tie(other.expression, other.flags);
  }
};

bool PrefilterAccepted(const std::string& expression, unsigned flags) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t status = hs_expression_info(expression.c_str(), flags, &info, &error);
  if (error) hs_free_compile_error(error);
  if (info) free(info);
  return status == HS_SUCCESS;
}

// Compiles one field's patterns; an expression Vectorscan refuses disables its rule.
Status CompileDatabase(Compiled& c, SigmaFieldDatabase& database,
                       std::map<Pattern, std::vector<uint32_t>>& patterns) {
  while (!patterns.empty()) {
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
    database.slots_of_pattern.clear();
    for (const auto& [pattern, slots] : patterns) {
      ids.push_back(static_cast<unsigned>(expressions.size()));
      expressions.push_back(pattern.expression.c_str());
      flags.push_back(pattern.flags);
      database.slots_of_pattern.push_back(slots);
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    hs_error_t status = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK,
                                         nullptr, &db, &error);
    if (status == HS_SUCCESS) {
      database.database.reset(db);
      return {};
    }
    std::string message = error ? error->message : "unknown error";
    int index = error ? error->expression : -1;
    if (error) hs_free_compile_error(error);
    if (index < 0) return Fail(ErrorCode::kInternal, fmt::format("Vectorscan: {}", message));
    auto it = std::next(patterns.begin(), index);
    for (uint32_t slot : it->second) {
      uint32_t rule = c.item_rule[c.slot_item[slot]];
      if (c.readers[rule].empty() && !c.always_evaluate[rule]) continue;  // already disabled
      c.report.unsupported.push_back({c.rules[rule].file, c.rules[rule].id, c.rules[rule].title,
                                      fmt::format("Vectorscan refused a value: {}", message)});
      c.readers[rule].clear();  // never eligible again
      c.always_evaluate[rule] = 0;
    }
    patterns.erase(it);
  }
  return {};
}

}  // namespace

std::string SigmaCompileReport::Summary() const {
  std::string out = fmt::format("compiled {} detection and {} correlation rules; {} unsupported\n",
                                detection_rules, correlation_rules, unsupported.size());
  for (const SigmaUnsupported& u : unsupported) {
    out += fmt::format("  {} {} [{}]: {}\n", u.file, u.id, u.title, u.reason);
  }
  return out;
}

SigmaEngine::SigmaEngine(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
SigmaEngine::~SigmaEngine() = default;
const SigmaCompileReport& SigmaEngine::report() const { return compiled_->report; }
const std::vector<SigmaRule>& SigmaEngine::rules() const { return compiled_->rules; }
const std::vector<uint32_t>& SigmaEngine::correlation_order() const {
  return compiled_->correlation_order;
}
const std::vector<uint32_t>& SigmaEngine::correlation_refs(uint32_t rule) const {
  return compiled_->correlation_refs[rule];
}
bool SigmaEngine::reported_alone(uint32_t rule) const { return compiled_->reported_alone[rule]; }

Result<std::unique_ptr<SigmaEngine>> SigmaEngine::Compile(SigmaRuleSet set) {
  auto c = std::make_unique<Compiled>();
  c->report.unsupported = std::move(set.unsupported);
  c->rules = std::move(set.rules);
  ResolveCorrelations(c->rules, c->report.unsupported, c->correlation_refs, c->correlation_order);
  const size_t rule_count = c->rules.size();
  c->item_base.resize(rule_count);
  c->readers.resize(rule_count);
  c->always_evaluate.assign(rule_count, 0);
  c->reported_alone.assign(rule_count, 1);

  std::map<std::string, std::map<Pattern, std::vector<uint32_t>>> by_field;
  for (uint32_t r = 0; r < rule_count; ++r) {
    SigmaRule& rule = c->rules[r];
    c->item_base[r] = static_cast<uint32_t>(c->items.size());
    if (rule.correlation) {
      if (!rule.correlation->generate) {
        for (uint32_t ref : c->correlation_refs[r]) c->reported_alone[ref] = 0;
      }
      continue;
    }
    c->detection_rules.push_back(r);
    c->readers[r] = *SigmaReadersFor(rule.logsource);
    for (const SigmaItem& item : rule.items) {
      uint32_t global_item = static_cast<uint32_t>(c->items.size());
      c->items.push_back(&item);
      c->item_rule.push_back(r);
      c->item_slot_base.push_back(static_cast<uint32_t>(c->slot_item.size()));
      c->wants_virtual_uri |= item.field == kSigmaVirtualUri;
      c->wants_virtual_extension |= item.field == kSigmaVirtualExtension;
      for (const SigmaValue& value : item.values) {
        uint32_t slot = static_cast<uint32_t>(c->slot_item.size());
        c->slot_item.push_back(global_item);
        bool in_database = false;
        std::unique_ptr<RE2> regex;
        if (item.kind == SigmaItemKind::kPattern) {
          in_database = value.trivial == SigmaValue::Trivial::kNone;
        } else if (item.kind == SigmaItemKind::kRegex) {
          RE2::Options options;
          options.set_log_errors(false);
          options.set_max_mem(8 << 20);
          regex = std::make_unique<RE2>(value.regex, options);
          in_database = PrefilterAccepted(value.expressions.front(), value.hs_flags);
        }
        if (in_database) {
          for (const std::string& expression : value.expressions) {
            by_field[item.field][Pattern{expression, value.hs_flags}].push_back(slot);
          }
        }
        c->slot_in_database.push_back(in_database);
        c->slot_regex.push_back(std::move(regex));
      }
    }
  }
  for (uint32_t r : c->detection_rules) {
    c->always_evaluate[r] = ConditionWithoutHits(*c, r, *c->rules[r].condition) != Tri::kFalse;
  }
  c->databases.resize(by_field.size());
  size_t index = 0;
  for (auto& [field, patterns] : by_field) {
    SigmaFieldDatabase& database = c->databases[index++];
    database.field = field;
    auto status = CompileDatabase(*c, database, patterns);
    if (!status) return std::unexpected(status.error());
  }
  hs_scratch_t* scratch = nullptr;
  for (uint32_t d = 0; d < c->databases.size(); ++d) {
    const SigmaFieldDatabase& database = c->databases[d];
    if (database.field.empty())
      c->keyword_database = static_cast<int>(d);
    else
      c->database_of_field.emplace(database.field, d);
    if (!database.database) continue;
    if (hs_alloc_scratch(database.database.get(), &scratch) != HS_SUCCESS) {
      return Fail(ErrorCode::kInternal, "Vectorscan: cannot allocate scratch space");
    }
  }
  c->scratch_prototype.reset(scratch);
  for (uint32_t r = 0; r < rule_count; ++r) {
    bool disabled = !c->rules[r].correlation && c->readers[r].empty();
    if (disabled) continue;
    ++(c->rules[r].correlation ? c->report.correlation_rules : c->report.detection_rules);
  }
  return std::unique_ptr<SigmaEngine>(new SigmaEngine(std::move(c)));
}

}  // namespace hikeshi::triage
