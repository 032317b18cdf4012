#include "triage/sigma_correlation.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <memory>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "triage/correlation_group.h"

namespace hikeshi::triage {
using correlation::CorrelationState;
using correlation::Cut;
using correlation::Entries;
using correlation::Expire;
using correlation::Group;
using correlation::GroupCount;
using correlation::kMinSweepEvery;
using correlation::kNone;
using correlation::Monotone;
using correlation::ResetGroup;
using correlation::Satisfied;
using correlation::Sweep;

struct SigmaCorrelator::State {
  std::vector<CorrelationState> correlations;  // indexed by rule
  std::vector<uint8_t> fired;                  // per rule, this event
  // Scratch reused across events.
  std::vector<uint32_t> fired_now;
  std::vector<size_t> hit_steps;
  std::string key;
  std::vector<std::string_view> values;
  int64_t latest_us = kNone;
  uint64_t evicted = 0;
  // Correlations with the same definition (rules, type, grouping, window, condition; e.g. SSH
  // brute force and the quiet copy of it that starts "success after brute force") always
  // hold the same groups: the later ones share the first one's state and outcome instead of
  // paying the same lookups again. owner[corr] is the correlation whose state it uses.
  std::vector<uint32_t> owner;
  std::vector<uint64_t> sharers;       // per owner: correlations using its state
  std::vector<uint64_t> fired_serial;  // per owner: the event serial at which it last fired
  std::vector<int64_t> fired_count;    // per owner: its count then
  uint64_t serial = 0;                 // events seen by the correlations
};

namespace {

bool SameDefinition(const SigmaEngine& engine, uint32_t a, uint32_t b) {
  const SigmaCorrelation& x = *engine.rules()[a].correlation;
  const SigmaCorrelation& y = *engine.rules()[b].correlation;
  return engine.correlation_refs(a) == engine.correlation_refs(b) && x.type == y.type &&
         x.group_by == y.group_by && x.timespan_us == y.timespan_us && x.gt == y.gt &&
         x.gte == y.gte && x.lt == y.lt && x.lte == y.lte && x.eq == y.eq && x.neq == y.neq &&
         x.value_field == y.value_field && x.aliases == y.aliases;
}

}  // namespace

SigmaCorrelator::SigmaCorrelator(const SigmaEngine& engine, SigmaCorrelationLimits limits)
    : engine_(engine), limits_(limits), state_(std::make_unique<State>()) {
  state_->correlations.resize(engine.rules().size());
  state_->fired.assign(engine.rules().size(), 0);
  State& s = *state_;
  s.owner.resize(engine.rules().size());
  s.sharers.assign(engine.rules().size(), 0);
  s.fired_serial.assign(engine.rules().size(), 0);
  s.fired_count.assign(engine.rules().size(), 0);
  std::vector<uint32_t> owners;
  for (uint32_t corr : engine.correlation_order()) {
    s.owner[corr] = corr;
    for (uint32_t earlier : owners) {
      if (SameDefinition(engine, earlier, corr)) {
        s.owner[corr] = earlier;
        break;
      }
    }
    if (s.owner[corr] == corr) owners.push_back(corr);
    ++s.sharers[s.owner[corr]];
  }
}

SigmaCorrelator::~SigmaCorrelator() = default;
uint64_t SigmaCorrelator::evicted_groups() const { return state_->evicted; }

void SigmaCorrelator::Observe(const Event& event, const std::vector<uint32_t>& matched,
                              const SigmaMatcher& matcher, std::vector<Finding>& out) {
  State& s = *state_;
  const auto& rules = engine_.rules();
  for (uint32_t r : matched) {
    if (engine_.reported_alone(r)) out.push_back(matcher.MakeFinding(r, event));
  }
  if (engine_.correlation_order().empty() || matched.empty()) return;
  if (event.time) s.latest_us = std::max(s.latest_us, ToMicros(*event.time));
  if (s.latest_us == kNone) return;
  const int64_t now = event.time ? ToMicros(*event.time) : s.latest_us;
  std::vector<uint32_t>& fired_now = s.fired_now;
  ++s.serial;
  fired_now.assign(matched.begin(), matched.end());
  for (uint32_t r : matched) s.fired[r] = 1;

  for (uint32_t corr : engine_.correlation_order()) {
    const SigmaRule& rule = rules[corr];
    const SigmaCorrelation& c = *rule.correlation;
    const auto& refs = engine_.correlation_refs(corr);
    std::vector<size_t>& hit_steps = s.hit_steps;
    hit_steps.clear();
    for (size_t i = 0; i < refs.size(); ++i) {
      if (s.fired[refs[i]]) hit_steps.push_back(i);
    }
    if (hit_steps.empty()) continue;
    // Group key, resolving aliases through the name of the first referenced rule that hit.
    const std::string& via = rules[refs[hit_steps.front()]].name;
    std::string& key = s.key;
    key.clear();
    std::vector<std::string_view>& values = s.values;
    values.clear();
    for (const std::string& field : c.group_by) {
      std::string_view actual = field;
      auto alias = c.aliases.find(field);
      if (alias != c.aliases.end()) {
        auto target = alias->second.find(via);
        if (target != alias->second.end()) actual = target->second;
      }
      std::string_view value = Cut(event.Get(actual).value_or(""));
      if (!key.empty()) key += ',';
      key += field;
      key += '=';
      key += value;
      values.push_back(value);
    }
    std::string_view counted;
    if (c.type == SigmaCorrelationType::kValueCount) {
      auto value = event.Get(c.value_field);
      if (!value) continue;  // nothing to count
      counted = Cut(*value);
    }
    std::optional<int64_t> count;
    if (s.owner[corr] != corr) {
      // The owner, earlier in the order, has already updated the shared groups for this event.
      const uint32_t owner = s.owner[corr];
      if (s.fired_serial[owner] == s.serial) count = s.fired_count[owner];
    } else {
      const bool monotone = Monotone(c);
      CorrelationState& state = s.correlations[corr];
      auto& groups = state.groups;
      if (++state.observed >= state.next_sweep) {
        Sweep(state, now - c.timespan_us, SIZE_MAX, s.evicted, s.sharers[corr]);
        groups.ShrinkIfSparse();  // after a burst of groups
        state.next_sweep = state.observed + std::max<uint64_t>(kMinSweepEvery, groups.size());
      }
      Group* group_slot = groups.Find(key);
      if (!group_slot && c.type == SigmaCorrelationType::kTemporalOrdered &&
          hit_steps.front() != 0) {
        continue;  // only the first rule starts a chain: no group for a later step alone
      }
      if (!group_slot) {
        if (groups.size() >= limits_.max_groups) {
          // Expired groups first; then the least recently active eighth, so that a full table
          // is not swept again at every new group.
          Sweep(state, now - c.timespan_us,
                limits_.max_groups - std::max<size_t>(1, limits_.max_groups / 8), s.evicted,
                s.sharers[corr]);
        }
        group_slot = &groups.Emplace(key);
        // Only what this correlation type uses: a new group costs one allocation, not five
        // (groups come and go by the hundred thousand with varied sources).
        if (c.type == SigmaCorrelationType::kTemporal) group_slot->seen.assign(refs.size(), kNone);
        if (c.type == SigmaCorrelationType::kTemporalOrdered) {
          group_slot->chain_start.assign(refs.size(), kNone);
        }
        if (!monotone) group_slot->fields.assign(values.begin(), values.end());  // for Flush
      }
      Group& group = *group_slot;
      const int64_t entries_before = Entries(group);
      group.last_us = std::max(group.last_us, now);
      std::optional<int64_t> closed_count;
      if (monotone) {
        Expire(c, group, now);
      } else if (group.window_start != kNone && now >= group.window_start + c.timespan_us) {
        closed_count = GroupCount(c, group);
        ResetGroup(group);
      }
      if (group.window_start == kNone) group.window_start = now;
      switch (c.type) {
        case SigmaCorrelationType::kEventCount:
          if (group.times.size() >= limits_.max_entries_per_group) group.times.pop_front();
          group.times.push_back(now);
          break;
        case SigmaCorrelationType::kValueCount:
          if (group.value_times.size() >= limits_.max_entries_per_group) {
            // Forget the oldest observation early rather than grow without bound.
            auto oldest = group.value_counts.find(group.value_times.front().second);
            if (oldest != group.value_counts.end() && --oldest->second == 0) {
              group.value_counts.erase(oldest);
            }
            group.value_times.pop_front();
          }
          {
            // One copy of the value: the window's entry; the count map is looked up by view.
            auto found = group.value_counts.find(counted);
            if (found == group.value_counts.end()) {
              found = group.value_counts.emplace(std::string(counted), 0).first;
            }
            ++found->second;
            group.value_times.emplace_back(now, std::string(counted));
          }
          break;
        case SigmaCorrelationType::kTemporal:
          for (size_t step : hit_steps) group.seen[step] = now;
          break;
        case SigmaCorrelationType::kTemporalOrdered:
          // Later steps first, so one event never extends a chain it has just started.
          for (size_t k = hit_steps.size(); k-- > 0;) {
            size_t step = hit_steps[k];
            if (step == 0) {
              group.chain_start[0] = now;
            } else if (group.chain_start[step - 1] != kNone) {
              group.chain_start[step] =
                  std::max(group.chain_start[step], group.chain_start[step - 1]);
              if (group.chain_start[step] == kNone)
                group.chain_start[step] = group.chain_start[step - 1];
            }
          }
          break;
      }
      if (monotone) {
        int64_t current = GroupCount(c, group);
        if (Satisfied(c, current, refs.size())) {
          count = current;
          ResetGroup(group);
        }
      } else if (closed_count && Satisfied(c, *closed_count, refs.size())) {
        count = closed_count;
      }
      state.entries += Entries(group) - entries_before;
      if (state.entries > static_cast<int64_t>(limits_.max_entries)) {
        // Over the memory budget: drop the least recently active eighth of the groups.
        Sweep(state, now - c.timespan_us, groups.size() - std::max<size_t>(1, groups.size() / 8),
              s.evicted, s.sharers[corr]);
      }
      if (count) {
        s.fired_serial[corr] = s.serial;
        s.fired_count[corr] = *count;
      }
    }
    if (!count) continue;
    s.fired[corr] = 1;
    fired_now.push_back(corr);
    if (!engine_.reported_alone(corr)) continue;
    Finding finding;
    finding.rule_id = rule.id;
    finding.rule_title = rule.title;
    finding.level = rule.level;
    finding.tags = rule.tags;
    finding.time = event.time;
    finding.source = std::string(event.source);
    finding.offset = event.offset;
    finding.correlation = true;
    finding.group_key = key;
    finding.count = static_cast<uint64_t>(*count);
    for (size_t i = 0; i < c.group_by.size(); ++i) {
      finding.matched_fields.emplace_back(c.group_by[i], std::string(values[i]));
    }
    out.push_back(std::move(finding));
  }
  for (uint32_t r : fired_now) s.fired[r] = 0;
}

void SigmaCorrelator::Flush(std::vector<Finding>& out) {
  const auto& rules = engine_.rules();
  std::vector<uint32_t> closed;  // states to clear once every sharer has reported
  for (uint32_t corr : engine_.correlation_order()) {
    const SigmaRule& rule = rules[corr];
    const SigmaCorrelation& c = *rule.correlation;
    if (Monotone(c) || !engine_.reported_alone(corr)) continue;
    const uint32_t owner = state_->owner[corr];
    closed.push_back(owner);
    using Entry = FlatKeyTable<Group>::Entry;
    std::vector<const Entry*> closing;
    for (const Entry& entry : state_->correlations[owner].groups.entries()) {
      if (entry.value.window_start != kNone) closing.push_back(&entry);
    }
    // Deterministic output order.
    std::sort(closing.begin(), closing.end(),
              [](const Entry* a, const Entry* b) { return a->key.view() < b->key.view(); });
    for (const Entry* entry : closing) {
      int64_t count = GroupCount(c, entry->value);
      if (!Satisfied(c, count, engine_.correlation_refs(corr).size())) continue;
      Finding finding;
      finding.rule_id = rule.id;
      finding.rule_title = rule.title;
      finding.level = rule.level;
      finding.tags = rule.tags;
      finding.time = FromMicros(entry->value.last_us);
      finding.correlation = true;
      finding.group_key = std::string(entry->key.view());
      finding.count = static_cast<uint64_t>(count);
      for (size_t i = 0; i < c.group_by.size() && i < entry->value.fields.size(); ++i) {
        finding.matched_fields.emplace_back(c.group_by[i], entry->value.fields[i]);
      }
      out.push_back(std::move(finding));
    }
  }
  for (uint32_t owner : closed) {
    state_->correlations[owner].groups.Clear();
    state_->correlations[owner].entries = 0;
  }
}

}  // namespace hikeshi::triage