#include "intake/indicator_sink.h"

#include <algorithm>

namespace hikeshi::intake {

void IndicatorSink::Note(ExtractionAnomaly anomaly) {
  auto& anomalies = result_.anomalies;
  if (std::find(anomalies.begin(), anomalies.end(), anomaly) == anomalies.end()) {
    anomalies.push_back(anomaly);
  }
}

size_t IndicatorSink::Hash(ObservableKind kind, std::string_view value) {
  return std::hash<std::string_view>{}(value) ^ (static_cast<size_t>(kind) * 0x9E3779B97F4A7C15u);
}

void IndicatorSink::Rehash(size_t slot_count) {
  slots_.assign(slot_count, 0);
  const size_t mask = slot_count - 1;
  for (size_t position = 0; position < result_.indicators.size(); ++position) {
    const Observable& observable = result_.indicators[position].observable;
    size_t slot = Hash(observable.kind, observable.value) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(position + 1);
  }
}

bool IndicatorSink::CountIfKnown(ObservableKind kind, std::string_view value, size_t begin) {
  if (slots_.empty()) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t slot = Hash(kind, value) & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
    ExtractedIndicator& indicator = result_.indicators[slots_[slot] - 1];
    if (indicator.observable.kind != kind || indicator.observable.value != value) continue;
    ++indicator.count;
    if (indicator.offsets.size() < options_.max_offsets_per_indicator) {
      indicator.offsets.push_back(text_.ToInput(begin, begin).begin);
    }
    return true;
  }
  return false;
}

void IndicatorSink::Add(Found found) {
  if (full_ || CountIfKnown(found.kind, found.value, found.begin)) return;
  if (result_.indicators.size() >= options_.max_indicators) {
    full_ = true;
    Note(ExtractionAnomaly::kTruncated);
    return;
  }
  NormalizedText::Span span = text_.ToInput(found.begin, found.end);
  if ((span.rewrites & static_cast<uint8_t>(Rewrite::kRefang)) != 0) {
    found.flags |= static_cast<uint32_t>(ObservableFlag::kDefanged);
  }
  if ((span.rewrites & static_cast<uint8_t>(Rewrite::kNfkc)) != 0) {
    found.flags |= static_cast<uint32_t>(ObservableFlag::kFullWidth);
  }
  ExtractedIndicator indicator;
  indicator.observable.kind = found.kind;
  indicator.observable.value = std::move(found.value);
  indicator.observable.original =
      std::string(text_.input().substr(span.begin, span.end - span.begin));
  indicator.observable.flags = found.flags;
  indicator.observable.port = found.port;
  indicator.observable.registrable_domain = std::move(found.registrable_domain);
  indicator.count = 1;
  if (options_.max_offsets_per_indicator > 0) indicator.offsets.push_back(span.begin);
  result_.indicators.push_back(std::move(indicator));
  if (result_.indicators.size() * 2 > slots_.size()) {
    Rehash(std::max<size_t>(128, slots_.size() * 2));
  } else {
    const Observable& added = result_.indicators.back().observable;
    const size_t mask = slots_.size() - 1;
    size_t slot = Hash(added.kind, added.value) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(result_.indicators.size());
  }
}

void IndicatorSink::AddTimestamp(const TimestampMatch& match) {
  if (result_.timestamps.size() >= options_.max_indicators) {
    Note(ExtractionAnomaly::kTruncated);
    return;
  }
  NormalizedText::Span span = text_.ToInput(match.begin, match.end);
  result_.timestamps.push_back(ExtractedTimestamp{
      match.time, std::string(text_.input().substr(span.begin, span.end - span.begin)), span.begin,
      match.format, match.zone_assumed});
}

}  // namespace hikeshi::intake
