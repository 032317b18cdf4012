// Where the indicator scanner puts what it finds: deduplication, limits, original spellings.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intake/indicator_extractor.h"
#include "intake/normalize.h"

namespace hikeshi::intake {

// Collects indicators and timestamps found in a NormalizedText into an ExtractionResult. Spans
// are given in normalised offsets and turned into input offsets and exact original bytes here.
class IndicatorSink {
 public:
  IndicatorSink(const NormalizedText& text, const ExtractionOptions& options,
                ExtractionResult& result)
      : text_(text), options_(options), result_(result) {}

  struct Found {
    ObservableKind kind;
    std::string value;
    size_t begin;  // normalised span of the whole spelling (brackets, port included)
    size_t end;
    uint32_t flags = 0;
    std::optional<uint16_t> port;
    std::string registrable_domain;
  };
  void Add(Found found);
  void AddTimestamp(const TimestampMatch& match);
  // Counts one more occurrence at normalised offset `begin` when (kind, value) is already held,
  // saving the caller from building a Found; false otherwise.
  bool CountIfKnown(ObservableKind kind, std::string_view value, size_t begin);

  // True once max_indicators distinct indicators are held; the scanner stops then.
  bool full() const { return full_; }

 private:
  void Note(ExtractionAnomaly anomaly);
  static size_t Hash(ObservableKind kind, std::string_view value);
  void Rehash(size_t slot_count);

  const NormalizedText& text_;
  const ExtractionOptions& options_;
  ExtractionResult& result_;
  // Open addressing over result_.indicators (slot = position + 1, 0 = empty, linear probing, at
  // most half full): the values live in the indicators, so nothing is copied to key the table.
  std::vector<uint32_t> slots_;
  bool full_ = false;
};

}  // namespace hikeshi::intake
