// The single pass over normalised text that finds indicator candidates and validates them.
#pragma once

#include "intake/domain_name.h"
#include "intake/indicator_sink.h"
#include "intake/normalize.h"
#include "intake/timestamp_extractor.h"

namespace hikeshi::intake {

// Walks `text` once, left to right, in runs of host characters ([A-Za-z0-9._-]); each run is
// classified by the characters it holds and the byte after it (':' '@' '/' "://"), and only then
// parsed and validated (IP, URL, mail address, domain, hash, timestamp). Stops when `sink` is
// full. No regular expressions: every byte is looked at a bounded number of times.
void ScanIndicators(const NormalizedText& text, const PublicSuffixList& suffixes,
                    const TimestampContext& timestamps, IndicatorSink& sink);

}  // namespace hikeshi::intake
