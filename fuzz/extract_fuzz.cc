// libFuzzer target: arbitrary bytes as free text through intake::ExtractIndicators (refanging,
// NFKC, the anchor scanner, IP/domain/URL/mail/hash/timestamp validation, deduplication, limits).
// Byte 0 picks the options (bit 0: small limits, bit 1: syslog year known, bit 2: assumed +09:00);
// the rest is the text. Invariants checked beyond the sanitizers: every original is the input's
// bytes at its offset, every value is non-empty valid UTF-8, counts cover the offsets kept, the
// limits hold, and NormalizedText maps the whole text back to the whole input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/utf8.h"
#include "intake/indicator_extractor.h"
#include "intake/normalize.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi;
  using namespace hikeshi::intake;
  if (size == 0) return 0;
  uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  ExtractionOptions options;
  if (selector & 1) {
    options.max_input_bytes = 256;
    options.max_indicators = 4;
    options.max_offsets_per_indicator = 2;
  }
  if (selector & 2) options.syslog_year = 2026;
  if (selector & 4) options.assumed_utc_offset = std::chrono::hours(9);

  auto result = ExtractIndicators(text, options);
  std::string_view scanned = text.substr(0, std::min(text.size(), options.max_input_bytes));
  Check(result.indicators.size() <= options.max_indicators);
  Check(result.timestamps.size() <= options.max_indicators);
  for (const auto& indicator : result.indicators) {
    const Observable& observable = indicator.observable;
    Check(!observable.value.empty() && IsValidUtf8(observable.value));
    Check(!observable.original.empty());
    Check(!indicator.offsets.empty() && indicator.offsets.size() <= indicator.count);
    Check(indicator.offsets.size() <= options.max_offsets_per_indicator);
    size_t first = indicator.offsets[0];
    Check(first < scanned.size() &&
          scanned.substr(first, observable.original.size()) == observable.original);
    for (size_t offset : indicator.offsets) Check(offset < scanned.size());
  }
  for (const auto& timestamp : result.timestamps) {
    Check(scanned.substr(timestamp.offset, timestamp.original.size()) == timestamp.original);
  }

  auto normalized = NormalizedText::Normalize(text);
  auto whole = normalized.ToInput(0, normalized.text().size());
  Check(whole.begin == 0 && whole.end == text.size());
  return 0;
}
