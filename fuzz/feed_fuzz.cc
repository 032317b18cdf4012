// libFuzzer target: arbitrary bytes as a CSV feed and as a JSON-lines feed (intake::ParseFeed),
// with small limits so row, column and row-count limits are reached too. Byte 0 picks the
// format (bit 0) and whether a known header is prepended (bit 1), so the fuzzer reaches row
// parsing without having to invent a header.
// Invariants checked: every emitted report has raw bytes, their SHA-256, status new, and at
// least one observable; the summary's counts add up.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/sha256.h"
#include "intake/feed.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  using hikeshi::intake::FeedFormat;
  const uint8_t mode = data[0];
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (mode & 2) bytes = "timestamp,ip,port,hostname,tag,asn,url,id\n" + bytes;
  FeedFormat format = (mode & 1) ? FeedFormat::kJsonLines : FeedFormat::kCsv;
  hikeshi::intake::FeedOptions options{
      .feed_name = "fuzz",
      .limits = {.max_row_bytes = 4096, .max_columns = 64, .max_rows = 1000, .max_errors = 10}};
  int64_t emitted = 0;
  auto summary = hikeshi::intake::ParseFeed(bytes, format, options, [&](hikeshi::Report&& report) {
    ++emitted;
    if (report.raw.empty() || report.sha256 != hikeshi::Sha256Hex(report.raw) ||
        report.status != hikeshi::ReportStatus::kNew || report.observables.empty()) {
      __builtin_trap();
    }
  });
  if (summary && (summary->reports != emitted || summary->reports > summary->rows ||
                  summary->first_errors.size() > 10)) {
    __builtin_trap();
  }
  return 0;
}
