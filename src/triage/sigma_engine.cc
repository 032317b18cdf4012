#include "triage/sigma_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/ascii.h"
#include "triage/sigma_compiled.h"
#include "triage/sigma_glob.h"

namespace hikeshi::triage {
namespace {

using Compiled = SigmaEngine::Compiled;

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

bool PrefilterAccepted(const std::string& expression, unsigned flags) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t status = hs_expression_info(expression.c_str(), flags, &info, &error);
  if (error) hs_free_compile_error(error);
  if (info) free(info);
  return status == HS_SUCCESS;
}

constexpr size_t kMinScannedLiteral = 3;

uint32_t FieldIndex(Compiled& c, const std::string& field) {
  auto [it, added] = c.field_index.emplace(field, static_cast<uint32_t>(c.field_names.size()));
  if (added) c.field_names.push_back(field);
  return it->second;
}

// Literal bytes and caselessness -> uses.
using LiteralTable = std::map<std::pair<std::string, bool>, std::vector<SigmaLiteralUse>>;

Status CompileLiterals(Compiled& c, const std::string& format, const LiteralTable& table) {
  if (table.empty()) return {};
  Compiled::LiteralDatabase& out = c.literal_databases.emplace_back();
  out.format = format;
  std::vector<const char*> expressions;
  std::vector<size_t> lengths;
  std::vector<unsigned> flags, ids;
  for (const auto& [literal, uses] : table) {
    ids.push_back(static_cast<unsigned>(expressions.size()));
    expressions.push_back(literal.first.data());
    lengths.push_back(literal.first.size());
    flags.push_back(literal.second ? HS_FLAG_CASELESS : 0);
    out.uses.push_back(uses);
    std::stable_sort(
        out.uses.back().begin(), out.uses.back().end(),
        [](const SigmaLiteralUse& a, const SigmaLiteralUse& b) { return a.field < b.field; });
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t status =
      hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                           static_cast<unsigned>(ids.size()), HS_MODE_BLOCK, nullptr, &db, &error);
  if (status != HS_SUCCESS) {
    std::string message = error ? error->message : "unknown error";
    if (error) hs_free_compile_error(error);
    return Fail(ErrorCode::kInternal, fmt::format("Vectorscan literals: {}", message));
  }
  out.database.reset(db);
  return {};
}

// Compiles one field's `re` prefilters; an expression Vectorscan refuses after all (the
// expression_info check passed) loses its prefilter and is run on RE2 alone.
Status CompileRegexDatabase(Compiled& c, uint32_t field, std::vector<uint32_t> slots) {
  while (!slots.empty()) {
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
    for (uint32_t slot : slots) {
      const SigmaValue& value =
          c.items[c.slot_item[slot]]->values[slot - c.item_slot_base[c.slot_item[slot]]];
      ids.push_back(static_cast<unsigned>(expressions.size()));
      expressions.push_back(value.prefilter.c_str());
      flags.push_back(value.prefilter_flags);
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* error = nullptr;
    hs_error_t status =
        hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(ids.size()), HS_MODE_BLOCK, nullptr, &db, &error);
    int index = error ? error->expression : -1;
    std::string message = error ? error->message : "";
    if (error) hs_free_compile_error(error);
    if (status == HS_SUCCESS) {
      c.regex_database_of_field[field] = static_cast<int>(c.regex_databases.size());
      c.regex_databases.emplace_back(db);
      c.regex_slots.push_back(std::move(slots));
      return {};
    }
    if (index < 0) return Fail(ErrorCode::kInternal, fmt::format("Vectorscan: {}", message));
    c.slot_prefiltered[slots[index]] = 0;
    slots.erase(slots.begin() + index);
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

  FieldIndex(*c, "");  // index 0: keywords
  std::map<std::string, LiteralTable> literals_by_format;
  std::map<std::pair<uint32_t, bool>, std::map<std::string, std::vector<uint32_t>>> exact;
  std::map<uint32_t, std::vector<uint32_t>> regex_slots_of_field;
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
    std::set<std::string> formats;
    for (const SigmaReaderSelector& selector : c->readers[r]) formats.emplace(selector.format);
    for (const SigmaItem& item : rule.items) {
      uint32_t global_item = static_cast<uint32_t>(c->items.size());
      c->items.push_back(&item);
      c->item_rule.push_back(r);
      c->item_slot_base.push_back(static_cast<uint32_t>(c->slot_item.size()));
      uint32_t field = FieldIndex(*c, item.field);
      c->item_field.push_back(field);
      c->keywords_used |= item.field.empty();
      for (const SigmaValue& value : item.values) {
        uint32_t slot = static_cast<uint32_t>(c->slot_item.size());
        c->slot_item.push_back(global_item);
        SigmaSlotKind kind = SigmaSlotKind::kUnscanned;
        bool prefiltered = false;
        std::unique_ptr<RE2> regex;
        if (item.kind == SigmaItemKind::kPattern && value.trivial == SigmaValue::Trivial::kNone) {
          bool all_literal = true, all_factored = true;
          for (const SigmaGlob& glob : value.globs) {
            bool literal = SigmaGlobIsLiteral(glob);
            bool exact = literal && glob.anchored_start && glob.anchored_end;
            all_literal &= literal;
            // Very short literals would hit in almost every event: their values are left to
            // the glob check on candidate rules instead (exact values are looked up).
            all_factored &= exact || SigmaGlobFactor(glob).size() >= kMinScannedLiteral;
          }
          if (all_factored) {
            kind = all_literal ? SigmaSlotKind::kDirect : SigmaSlotKind::kCandidate;
            for (const SigmaGlob& glob : value.globs) {
              std::string_view factor = SigmaGlobFactor(glob);
              if (all_literal && glob.anchored_start && glob.anchored_end) {
                exact[{field, value.cased}][value.cased ? std::string(factor) : AsciiLower(factor)]
                    .push_back(slot);
                continue;
              }
              for (const std::string& format : formats) {
                literals_by_format[format][{std::string(factor), !value.cased}].push_back(
                    {field, slot, static_cast<uint32_t>(factor.size()), glob.anchored_start,
                     glob.anchored_end, all_literal});
              }
            }
          }
        } else if (item.kind == SigmaItemKind::kRegex) {
          RE2::Options options;
          options.set_log_errors(false);
          options.set_max_mem(8 << 20);
          regex = std::make_unique<RE2>(value.regex, options);
          prefiltered = PrefilterAccepted(value.prefilter, value.prefilter_flags);
          if (prefiltered) regex_slots_of_field[field].push_back(slot);
        }
        c->slot_kind.push_back(kind);
        c->slot_trivial.push_back(value.trivial);
        c->slot_prefiltered.push_back(prefiltered);
        c->slot_regex.push_back(std::move(regex));
      }
    }
  }
  for (uint32_t r : c->detection_rules) {
    c->always_evaluate[r] = SigmaCanMatchWithoutHits(*c, r);
  }
  std::vector<int> trigger(rule_count, -1);
  for (uint32_t r : c->detection_rules) trigger[r] = SigmaTriggerItem(*c, r);
  for (uint32_t slot = 0; slot < c->slot_item.size(); ++slot) {
    int rule_trigger = trigger[c->item_rule[c->slot_item[slot]]];
    c->slot_marks_rule.push_back(rule_trigger < 0 ||
                                 static_cast<uint32_t>(rule_trigger) == c->slot_item[slot]);
  }
  for (uint32_t i = 0; i < c->items.size(); ++i) {
    bool all_direct = c->items[i]->kind == SigmaItemKind::kPattern && !c->items[i]->values.empty();
    for (size_t v = 0; v < c->items[i]->values.size(); ++v) {
      all_direct &= c->slot_kind[c->item_slot_base[i] + v] == SigmaSlotKind::kDirect;
    }
    c->item_all_direct.push_back(all_direct);
  }
  c->exact_caseless.resize(c->field_names.size());
  c->exact_cased.resize(c->field_names.size());
  c->exact_lengths.resize(c->field_names.size());
  for (auto& [key, values] : exact) {
    for (auto& [text, slots] : values) {
      auto& lengths = c->exact_lengths[key.first];
      if (text.size() < 64) lengths.under_64 |= uint64_t{1} << text.size();
      lengths.longest = std::max(lengths.longest, text.size());
      if (key.second) {
        c->exact_cased[key.first].emplace(text, std::move(slots));
      } else {
        c->exact_caseless[key.first].emplace(text, std::move(slots));
      }
    }
  }
  Status status;
  for (const auto& [format, table] : literals_by_format) {
    status = CompileLiterals(*c, format, table);
    if (!status) return std::unexpected(status.error());
  }
  c->regex_database_of_field.assign(c->field_names.size(), -1);
  for (auto& [field, slots] : regex_slots_of_field) {
    status = CompileRegexDatabase(*c, field, std::move(slots));
    if (!status) return std::unexpected(status.error());
  }
  // The prefilters that were dropped make their rules evaluate without hits.
  for (uint32_t r : c->detection_rules) {
    c->always_evaluate[r] = SigmaCanMatchWithoutHits(*c, r);
  }
  hs_scratch_t* scratch = nullptr;
  auto grow = [&](const HsDatabase& db) {
    return !db || hs_alloc_scratch(db.get(), &scratch) == HS_SUCCESS;
  };
  bool scratch_ok = true;
  for (const auto& literal_database : c->literal_databases)
    scratch_ok &= grow(literal_database.database);
  for (const HsDatabase& db : c->regex_databases) scratch_ok &= grow(db);
  c->scratch_prototype.reset(scratch);
  if (!scratch_ok) return Fail(ErrorCode::kInternal, "Vectorscan: cannot allocate scratch space");
  if (auto it = c->field_index.find(kSigmaVirtualUri); it != c->field_index.end()) {
    c->uri_field = static_cast<int>(it->second);
  }
  if (auto it = c->field_index.find(kSigmaVirtualExtension); it != c->field_index.end()) {
    c->extension_field = static_cast<int>(it->second);
  }
  for (uint32_t r = 0; r < rule_count; ++r) {
    ++(c->rules[r].correlation ? c->report.correlation_rules : c->report.detection_rules);
  }
  return std::unique_ptr<SigmaEngine>(new SigmaEngine(std::move(c)));
}

}  // namespace hikeshi::triage
