// A generated corpus of realistic 2–20 KB abuse mails, shared by the intake benchmarks:
// forwarded Japanese spam (ISO-2022-JP, base64 UTF-8 HTML, nested message/rfc822 with a
// Received chain), ARF feedback-loop reports and X-ARF v4 mails, a third of each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hikeshi::bench {

// `count` mails, the same for the same seed.
std::vector<std::string> AbuseMailCorpus(int count, uint32_t seed = 42);

}  // namespace hikeshi::bench
