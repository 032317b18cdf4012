// Indicator extraction from free text: mail bodies, attachments, log excerpts.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/observable.h"
#include "core/time.h"
#include "intake/domain_name.h"
#include "intake/timestamp_extractor.h"

namespace hikeshi::intake {

struct ExtractionOptions {
  size_t max_input_bytes = 16 << 20;      // cut here (anomaly kInputTruncated); ≤ 4 GiB - 1
  size_t max_indicators = 10'000;         // distinct indicators, and separately timestamps
  size_t max_offsets_per_indicator = 16;  // `count` keeps counting past this
  int syslog_year = 0;  // year for "Nov 22 10:15:01" stamps; 0 = unknown, they are skipped
  // Offset assumed for ISO 8601, RFC 5322, syslog and ctime stamps without a zone (default UTC).
  std::chrono::minutes assumed_utc_offset{0};
  // The public suffix list; null = PublicSuffixList::System(). Must outlive the call.
  const PublicSuffixList* suffixes = nullptr;
};

// One distinct indicator. observable.original is the exact input bytes of the first occurrence;
// offsets are byte offsets into the input (first occurrences, at most max_offsets_per_indicator).
struct ExtractedIndicator {
  Observable observable;
  std::vector<size_t> offsets;
  size_t count = 0;  // every occurrence, including those past the offsets kept
};

struct ExtractedTimestamp {
  Timestamp time;        // UTC
  std::string original;  // exact input bytes
  size_t offset = 0;     // byte offset into the input
  TimestampFormat format = TimestampFormat::kIso8601;
  bool zone_assumed = false;
};

enum class ExtractionAnomaly {
  kInputTruncated,  // the text was longer than max_input_bytes; the rest was not scanned
  kTruncated,       // max_indicators reached; later indicators (or timestamps) were dropped
  kInvalidUtf8,     // malformed UTF-8 bytes were skipped
};
std::string_view ToString(ExtractionAnomaly anomaly);  // "input-truncated", "truncated", …

struct ExtractionResult {
  std::vector<ExtractedIndicator> indicators;  // in order of first occurrence
  std::vector<ExtractedTimestamp> timestamps;  // in order of occurrence, every occurrence
  std::vector<ExtractionAnomaly> anomalies;    // each at most once

  // The observables alone, e.g. for Report::observables.
  std::vector<Observable> Observables() const;
};

// Finds IPv4/IPv6 addresses (with ports, brackets), CIDR blocks, domain names, URLs (http, https,
// ftp), mail addresses, MD5/SHA-1/SHA-256 hashes and timestamps, in defanged and full-width
// spellings too; see doc/indicators.md for the exact rules. A pure function: any bytes in, never
// a crash; malformed parts are skipped and noted as anomalies.
ExtractionResult ExtractIndicators(std::string_view text, const ExtractionOptions& options = {});

}  // namespace hikeshi::intake
