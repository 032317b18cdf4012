#include "intake/indicator_sink.h"

#include <algorithm>

namespace hikeshi::intake {

void IndicatorSink::Note(ExtractionAnomaly anomaly) {
  auto& anomalies = result_.anomalies;
  if (std::find(anomalies.begin(), anomalies.end(), anomaly) == anomalies.end()) {
    anomalies.push_back(anomaly);
  }
}

bool IndicatorSink::CountIfKnown(ObservableKind kind, std::string_view value, size_t begin) {
  auto& index = index_[static_cast<size_t>(kind)];
  auto known = index.find(value);
  if (known == index.end()) return false;
  ExtractedIndicator& indicator = result_.indicators[known->second];
  ++indicator.count;
  if (indicator.offsets.size() < options_.max_offsets_per_indicator) {
    indicator.offsets.push_back(text_.ToInput(begin, begin).begin);
  }
  return true;
}

void IndicatorSink::Add(Found found) {
  if (full_ || CountIfKnown(found.kind, found.value, found.begin)) return;
  auto& index = index_[static_cast<size_t>(found.kind)];
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
  index.emplace(found.value, result_.indicators.size());
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
