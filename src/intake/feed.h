// Automated feeds (Shadowserver-style CSV, JSON lines): each row becomes one Report. The column
// mapping is by name, documented in doc/feeds.md: timestamp → event time, ip → the accused
// address, port, asn, geo, hostname, url, tag → category, id → the reporter's reference.
// Pure: bytes in, Reports out; the caller stores them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/report.h"

namespace hikeshi::intake {

enum class FeedFormat { kCsv, kJsonLines };
std::optional<FeedFormat> ParseFeedFormat(std::string_view name);  // "csv", "jsonl"

struct FeedLimits {
  size_t max_row_bytes = 64 * 1024;  // a longer row is an error for that row
  size_t max_columns = 512;
  int64_t max_rows = 50'000'000;  // rows beyond are not read (an error says so)
  size_t max_errors = 1000;       // row errors kept; more are only counted
};

struct FeedOptions {
  std::string feed_name;  // the reporter of every row, e.g. "shadowserver"
  Timestamp received_at;
  bool consent_to_share = false;  // the feed's terms, per source (doc/feeds.md)
  FeedLimits limits;
};

struct FeedRowError {
  int64_t line = 0;  // 1-based line where the row starts
  std::string message;
};

struct FeedSummary {
  int64_t rows = 0;  // data rows seen (header excluded)
  int64_t reports = 0;
  int64_t errors = 0;
  std::vector<FeedRowError> first_errors;  // at most limits.max_errors
};

// Calls `emit` with one Report per good row, in order, with raw bytes (for CSV the header line
// and the row, so the evidence explains itself), SHA-256, observables, category and status kNew.
// A bad row is counted and skipped; reading goes on. Fails only when the feed as a whole is
// unusable (no header, no known column).
Result<FeedSummary> ParseFeed(std::string_view bytes, FeedFormat format, const FeedOptions& options,
                              const std::function<void(Report&&)>& emit);

}  // namespace hikeshi::intake
