// libFuzzer target: arbitrary bytes as a mail through ParseMail with small limits (so the
// limit paths are reached), then the Received chain, the accused-source pick and the JSON
// rendering of everything. Invariants: text parts and decoded header values are UTF-8; every
// attachment's sha256 is the hash of its bytes; nesting never exceeds the depth limit.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/sha256.h"
#include "core/utf8.h"
#include "intake/intake_json.h"
#include "intake/mail.h"
#include "intake/received.h"

namespace {

std::size_t Check(const hikeshi::intake::ParsedMail& mail) {
  for (const auto& header : mail.headers) {
    if (!hikeshi::IsValidUtf8(header.value)) __builtin_trap();
  }
  for (const auto& text : mail.texts) {
    if (!hikeshi::IsValidUtf8(text.text)) __builtin_trap();
  }
  for (const auto& attachment : mail.attachments) {
    if (attachment.sha256 != hikeshi::Sha256Hex(attachment.data)) __builtin_trap();
  }
  std::size_t deepest = 0;
  for (const auto& nested : mail.messages) deepest = std::max(deepest, 1 + Check(nested));
  return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  hikeshi::intake::MailLimits limits;
  limits.max_parts = 64;
  limits.max_depth = 6;
  limits.max_headers = 64;
  limits.max_header_value_bytes = 512;
  limits.max_line_bytes = 256;
  auto mail = hikeshi::intake::ParseMail(raw, limits);
  if (!mail) return 0;
  if (Check(*mail) > limits.max_depth) __builtin_trap();
  auto hops = hikeshi::intake::ParseReceivedChain(*mail);
  (void)hikeshi::intake::PickAccusedSource(hops, {{"example.net"}});
  (void)hikeshi::intake::DumpJson(hikeshi::intake::ToJson(*mail));
  return 0;
}
