// SigmaMatcher: laying out and scanning an event's fields, choosing candidate rules.
#include <algorithm>
#include <array>
#include <map>

#include "triage/sigma_matcher_state.h"

namespace hikeshi::triage {
namespace {

constexpr size_t kMaxEligibilityCache = 4096;

}  // namespace

SigmaMatcher::SigmaMatcher(const SigmaEngine& engine)
    : engine_(engine), state_(std::make_unique<State>()) {
  const auto& c = *engine_.compiled_;
  hs_scratch_t* scratch = nullptr;
  if (c.scratch_prototype) hs_clone_scratch(c.scratch_prototype.get(), &scratch);
  state_->scratch.reset(scratch);
  state_->slot_bits.assign((c.slot_item.size() + 63) / 64, 0);
  state_->rule_stamp.assign(c.rules.size(), 0);
  state_->item_stamp.assign(c.items.size(), 0);
  state_->item_result.assign(c.items.size(), 0);
  state_->segment_of_field.assign(c.field_names.size(), -1);
}

SigmaMatcher::~SigmaMatcher() = default;

namespace {

struct HitSink {
  const SigmaEngine::Compiled* compiled;
  std::vector<uint64_t>* bits;
  std::vector<uint32_t>* touched;
  std::vector<uint32_t>* rule_stamp;
  std::vector<uint32_t>* candidates;
  const std::vector<Segment>* segments;
  uint32_t generation;
  const std::vector<uint32_t>* regex_slots;                       // regex scans only
  const std::vector<std::vector<SigmaLiteralUse>>* literal_uses;  // literal scans only

  void Hit(uint32_t slot) {
    uint64_t& word = (*bits)[slot / 64];
    if (word == 0) touched->push_back(slot / 64);
    word |= uint64_t{1} << (slot % 64);
    if (!compiled->slot_marks_rule[slot]) return;
    uint32_t rule = compiled->item_rule[compiled->slot_item[slot]];
    if ((*rule_stamp)[rule] != generation) {
      (*rule_stamp)[rule] = generation;
      candidates->push_back(rule);
    }
  }
};

int OnLiteral(unsigned int id, unsigned long long, unsigned long long to, unsigned int,
              void* context) {
  auto& sink = *static_cast<HitSink*>(context);
  const auto& segments = *sink.segments;
  // The segment holding the match's last byte.
  auto it = std::upper_bound(
      segments.begin(), segments.end(), to - 1,
      [](unsigned long long offset, const Segment& segment) { return offset < segment.begin; });
  if (it == segments.begin()) return 0;
  const Segment& segment = *(it - 1);
  if (to > segment.end) return 0;  // ends in the separator
  const auto& uses = (*sink.literal_uses)[id];
  auto first = std::lower_bound(
      uses.begin(), uses.end(), segment.field,
      [](const SigmaLiteralUse& use, uint32_t field) { return use.field < field; });
  for (auto use_it = first; use_it != uses.end() && use_it->field == segment.field; ++use_it) {
    const SigmaLiteralUse& use = *use_it;
    unsigned long long start = to - use.length;
    if (start < segment.begin) continue;
    if (use.direct && ((use.anchored_start && start != segment.begin) ||
                       (use.anchored_end && to != segment.end))) {
      continue;
    }
    sink.Hit(use.slot);
  }
  return 0;
}

int OnRegex(unsigned int id, unsigned long long, unsigned long long, unsigned int, void* context) {
  auto& sink = *static_cast<HitSink*>(context);
  sink.Hit((*sink.regex_slots)[id]);
  return 0;
}

}  // namespace

const std::vector<uint32_t>& SigmaMatcher::Match(const Event& event) {
  const auto& c = *engine_.compiled_;
  State& s = *state_;
  for (uint32_t word : s.touched_words) s.slot_bits[word] = 0;
  s.touched_words.clear();
  s.candidates.clear();
  s.matched.clear();
  if (++s.generation == 0) {  // wrapped: reset the stamps once every 2^32 events
    std::fill(s.rule_stamp.begin(), s.rule_stamp.end(), 0);
    std::fill(s.item_stamp.begin(), s.item_stamp.end(), 0);
    s.generation = 1;
  }
  s.event = &event;
  // Which rules see events of this reader and program.
  State::Eligible* eligible = nullptr;
  if (s.last_eligible && s.last_format == event.format && s.last_program == event.program) {
    eligible = s.last_eligible;
  } else {
    auto key = std::make_pair(std::string(event.format), std::string(event.program));
    auto found = s.eligibility.find(key);
    if (found != s.eligibility.end()) {
      eligible = &found->second;
    } else {
      State::Eligible fresh;
      fresh.eligible.assign(c.rules.size(), 0);
      for (uint32_t r : c.detection_rules) {
        for (const SigmaReaderSelector& selector : c.readers[r]) {
          if (SigmaSelectorMatches(selector, event.format, event.program)) {
            fresh.eligible[r] = 1;
            fresh.any = true;
            if (c.always_evaluate[r]) fresh.always.push_back(r);
            break;
          }
        }
      }
      for (size_t d = 0; d < c.literal_databases.size(); ++d) {
        if (SigmaSelectorMatches({c.literal_databases[d].format, ""}, event.format, "")) {
          fresh.literal_database = static_cast<int>(d);
          break;
        }
      }
      if (s.eligibility.size() < kMaxEligibilityCache) {
        eligible = &s.eligibility.emplace(std::move(key), std::move(fresh)).first->second;
      } else {
        s.scratch_eligible = std::move(fresh);
        eligible = &s.scratch_eligible;
      }
    }
    bool cached = eligible != &s.scratch_eligible;
    s.last_eligible = cached ? eligible : nullptr;
    s.last_format.assign(event.format);
    s.last_program.assign(event.program);
  }
  if (!eligible->any) return s.matched;  // no rule sees this reader's events
  for (const Segment& segment : s.segments) s.segment_of_field[segment.field] = -1;
  s.buffer.clear();
  s.segments.clear();
  auto add = [&](uint32_t field, std::string_view value) {
    if (s.buffer.size() + value.size() + 1 > UINT32_MAX) return;
    uint32_t begin = static_cast<uint32_t>(s.buffer.size());
    s.buffer.append(value);
    if (s.segment_of_field[field] < 0) {
      s.segment_of_field[field] = static_cast<int32_t>(s.segments.size());
    }
    s.segments.push_back({field, begin, static_cast<uint32_t>(s.buffer.size())});
    s.buffer.push_back('\0');
  };
  if (c.keywords_used) add(0, event.message.empty() ? event.line : event.message);
  bool saw_uri = false, saw_extension = false;
  for (const EventField& field : event.fields) {
    int index = FieldIndexOf(field.name);
    if (index <= 0) continue;
    saw_uri |= index == c.uri_field;
    saw_extension |= index == c.extension_field;
    add(static_cast<uint32_t>(index), field.value);
  }
  s.has_virtual_uri = s.has_virtual_extension = false;
  if ((c.uri_field >= 0 && !saw_uri) || (c.extension_field >= 0 && !saw_extension)) {
    auto stem = event.Get("cs-uri-stem");
    if (stem && c.uri_field >= 0 && !saw_uri) {
      s.virtual_uri.assign(*stem);
      auto query = event.Get("cs-uri-query");
      if (query && !query->empty() && *query != "-") {
        if (!query->starts_with('?')) s.virtual_uri += '?';
        s.virtual_uri += *query;
      }
      s.has_virtual_uri = true;
      add(static_cast<uint32_t>(c.uri_field), s.virtual_uri);
    }
    if (stem && c.extension_field >= 0 && !saw_extension) {
      std::string_view last = stem->substr(stem->rfind('/') + 1);
      size_t dot = last.rfind('.');
      s.virtual_extension =
          dot == std::string_view::npos ? std::string_view{} : last.substr(dot + 1);
      s.has_virtual_extension = true;
      add(static_cast<uint32_t>(c.extension_field), s.virtual_extension);
    }
  }
  HitSink sink{&c,          &s.slot_bits, &s.touched_words, &s.rule_stamp, &s.candidates,
               &s.segments, s.generation, nullptr,          nullptr};
  if (eligible->literal_database >= 0 && !s.buffer.empty()) {
    const auto& literals = c.literal_databases[eligible->literal_database];
    sink.literal_uses = &literals.uses;
    hs_scan(literals.database.get(), s.buffer.data(), static_cast<unsigned>(s.buffer.size()), 0,
            s.scratch.get(), OnLiteral, &sink);
  }
  for (const Segment& segment : s.segments) {
    std::string_view value(s.buffer.data() + segment.begin, segment.end - segment.begin);
    if (!c.exact_lengths[segment.field].Possible(value.size())) continue;
    const auto& cased = c.exact_cased[segment.field];
    if (!cased.empty()) {
      if (auto it = cased.find(value); it != cased.end()) {
        for (uint32_t slot : it->second) sink.Hit(slot);
      }
    }
    const auto& caseless = c.exact_caseless[segment.field];
    if (!caseless.empty()) {
      if (auto it = caseless.find(value); it != caseless.end()) {
        for (uint32_t slot : it->second) sink.Hit(slot);
      }
    }
  }
  if (!c.regex_databases.empty()) {
    for (const Segment& segment : s.segments) {
      int db = c.regex_database_of_field[segment.field];
      if (db < 0) continue;
      sink.regex_slots = &c.regex_slots[db];
      hs_scan(c.regex_databases[db].get(), s.buffer.data() + segment.begin,
              segment.end - segment.begin, 0, s.scratch.get(), OnRegex, &sink);
    }
  }

  for (uint32_t r : eligible->always) {
    if (s.rule_stamp[r] != s.generation) {
      s.rule_stamp[r] = s.generation;
      s.candidates.push_back(r);
    }
  }
  for (uint32_t r : s.candidates) {
    if (eligible->eligible[r] && Evaluate(r, *c.rules[r].condition)) s.matched.push_back(r);
  }
  std::sort(s.matched.begin(), s.matched.end());
  return s.matched;
}

int SigmaMatcher::FieldIndexOf(std::string_view name) {
  const auto& c = *engine_.compiled_;
  auto& slot = state_->names[(reinterpret_cast<uintptr_t>(name.data()) >> 3) % 256];
  if (slot.data == name.data() && slot.name == name) return slot.index;
  auto it = c.field_index.find(name);
  slot.data = name.data();
  slot.name.assign(name);
  slot.index = it == c.field_index.end() ? -1 : static_cast<int>(it->second);
  return slot.index;
}

std::optional<std::string_view> SigmaMatcher::FieldValue(std::string_view name) const {
  const State& s = *state_;
  if (name.empty()) return s.event->message.empty() ? s.event->line : s.event->message;
  if (auto value = s.event->Get(name)) return value;
  if (s.has_virtual_uri && name == kSigmaVirtualUri) return std::string_view(s.virtual_uri);
  if (s.has_virtual_extension && name == kSigmaVirtualExtension) return s.virtual_extension;
  return std::nullopt;
}

}  // namespace hikeshi::triage
