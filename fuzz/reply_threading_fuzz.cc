// Arbitrary bytes as an arriving reply: the ticket-tag scanner over the first line, the
// In-Reply-To/References reader over the whole message, and the "fixed" detector over the
// text; plus the subject fingerprint used by the campaign rule.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "coord/correlation.h"
#include "coord/reply_threading.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view first_line = input.substr(0, input.find('\n'));
  (void)hikeshi::coord::FindTicketTag(first_line);
  (void)hikeshi::coord::ReplyMessageIds(input);
  (void)hikeshi::coord::SaysFixed(input);
  (void)hikeshi::coord::SubjectFingerprint(first_line);
  return 0;
}
