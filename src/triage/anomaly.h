// Anomalies: named, counted oddities of hostile or broken input. A reader records one and goes
// on with the next line; nothing is dropped silently and nothing crashes.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace hikeshi::triage {

enum class Anomaly {
  kOverlongLine,    // a line longer than the limit; truncated or skipped (ReadOptions)
  kMalformedLine,   // the line does not have the format's shape; emitted with message = line
  kBadTimestamp,    // a timestamp was there but out of range or unreadable; time left empty
  kTooManyFields,   // more fields than the limit; the rest were not extracted
  kNoFieldsHeader,  // a W3C data line before any "#Fields:" directive
  kBadEscape,       // an unterminated quoted value, the rest of the line not split further
  kCorruptGzip,     // a gzip stream is truncated or corrupt; reading stops there
};
inline constexpr int kAnomalyCount = 7;

inline std::string_view AnomalyName(Anomaly anomaly) {
  constexpr std::string_view kNames[kAnomalyCount] = {
      "overlong_line",    "malformed_line", "bad_timestamp", "too_many_fields",
      "no_fields_header", "bad_escape",     "corrupt_gzip"};
  return kNames[static_cast<int>(anomaly)];
}

// Per-reader counters; summed over chunks and files by the caller.
struct AnomalyCounts {
  std::array<uint64_t, kAnomalyCount> counts{};

  void Add(Anomaly anomaly, uint64_t n = 1) { counts[static_cast<int>(anomaly)] += n; }
  uint64_t Count(Anomaly anomaly) const { return counts[static_cast<int>(anomaly)]; }
  uint64_t Total() const {
    uint64_t total = 0;
    for (uint64_t count : counts) total += count;
    return total;
  }
  AnomalyCounts& operator+=(const AnomalyCounts& other) {
    for (int i = 0; i < kAnomalyCount; ++i) counts[i] += other.counts[i];
    return *this;
  }
};

}  // namespace hikeshi::triage
