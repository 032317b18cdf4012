#include "intake/indicator_extractor.h"

#include <algorithm>

#include "intake/indicator_scanner.h"
#include "intake/indicator_sink.h"
#include "intake/normalize.h"

namespace hikeshi::intake {

std::string_view ToString(ExtractionAnomaly anomaly) {
  switch (anomaly) {
    case ExtractionAnomaly::kInputTruncated:
      return "input-truncated";
    case ExtractionAnomaly::kTruncated:
      return "truncated";
    case ExtractionAnomaly::kInvalidUtf8:
      return "invalid-utf8";
  }
  return "unknown";
}

std::vector<Observable> ExtractionResult::Observables() const {
  std::vector<Observable> observables;
  observables.reserve(indicators.size());
  for (const ExtractedIndicator& indicator : indicators)
    observables.push_back(indicator.observable);
  return observables;
}

ExtractionResult ExtractIndicators(std::string_view text, const ExtractionOptions& options) {
  ExtractionResult result;
  // NormalizedText keeps 32-bit offsets, so no limit goes past 4 GiB - 1.
  const size_t max_input = std::min<size_t>(options.max_input_bytes, 0xFFFFFFFFu);
  if (text.size() > max_input) {
    // Cut before a UTF-8 continuation byte so the last character stays whole.
    size_t cut = max_input;
    for (int back = 0;
         back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80; ++back) {
      --cut;
    }
    text = text.substr(0, cut);
    result.anomalies.push_back(ExtractionAnomaly::kInputTruncated);
  }
  NormalizedText normalized = NormalizedText::Normalize(text);
  if (normalized.invalid_utf8_bytes() > 0) {
    result.anomalies.push_back(ExtractionAnomaly::kInvalidUtf8);
  }
  const PublicSuffixList& suffixes =
      options.suffixes != nullptr ? *options.suffixes : PublicSuffixList::System();
  TimestampContext timestamps{options.syslog_year, options.assumed_utc_offset};
  result.indicators.reserve(64);
  IndicatorSink sink(normalized, options, result);
  ScanIndicators(normalized, suffixes, timestamps, sink);
  return result;
}

}  // namespace hikeshi::intake
