// libFuzzer target, differential: arbitrary bytes as a mail through ParseMail (the MIME fast
// path first, GMime when it declines) and through the GMime walk alone. The two results must be
// identical (the fast path either agrees with GMime or declines); aborts on any difference.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "intake/mail.h"
#include "intake/mail_difference.h"
#include "intake/mail_fastpath.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  hikeshi::intake::MailLimits limits;
  limits.max_parts = 64;
  limits.max_depth = 6;
  limits.max_headers = 64;
  limits.max_header_value_bytes = 4096;
  auto mail = hikeshi::intake::ParseMail(raw, limits);
  auto gmime = hikeshi::intake::ParseMailWithGmime(raw, limits);
  if (mail.has_value() != gmime.has_value()) abort();
  if (!mail) return 0;
  std::string difference = hikeshi::intake::MailDifference(*mail, *gmime);
  if (!difference.empty()) {
    std::fprintf(stderr, "fast path and GMime differ: %s\n", difference.c_str());
    abort();
  }
  return 0;
}
