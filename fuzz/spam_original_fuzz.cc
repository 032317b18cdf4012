// libFuzzer target: arbitrary bytes as the stored raw bytes of a spam report, through what an
// ARF notice does with them (coord/spam_original.h): FindSpamMessage (GMime), then
// PrepareSpamOriginal with and without consent, HeaderValue and TopReceivedDate, then the
// feedback fields and the MIME of the notice (coord/notice_mime.h). Invariants: without consent
// the result is a header block within kMaxOriginalHeaderBytes and the reporter's address (byte 0
// picks one that may occur in the input) never survives; the MIME always builds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "coord/arf_notice.h"
#include "coord/notice_mime.h"
#include "coord/spam_original.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hikeshi::coord;
  if (size == 0) return 0;
  std::string_view reporter = (data[0] & 1) != 0 ? "alice@reporter.example" : "a@b";
  std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string message = FindSpamMessage(raw);
  SpamOriginal redacted = PrepareSpamOriginal(message, reporter, false);
  if (!redacted.headers_only || redacted.bytes.size() > kMaxOriginalHeaderBytes) {
    __builtin_trap();
  }
  // Case-insensitive search, as the redaction matches.
  for (size_t i = 0; i + reporter.size() <= redacted.bytes.size(); ++i) {
    bool equal = true;
    for (size_t j = 0; j < reporter.size() && equal; ++j) {
      char c = redacted.bytes[i + j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      equal = c == reporter[j];
    }
    if (equal) __builtin_trap();
  }
  SpamOriginal whole = PrepareSpamOriginal(message, reporter, true);
  SpamFeedback feedback{.user_agent = "Hikeshi/fuzz",
                        .source_ip = HeaderValue(message, "X-Originating-IP"),
                        .arrival_date = TopReceivedDate(message).value_or(hikeshi::Timestamp{}),
                        .original_mail_from = HeaderValue(message, "Return-Path"),
                        .reported_uris = {HeaderValue(message, "List-Unsubscribe")}};
  MailMessage mail{.from = "csirt@team.example",
                   .to = "abuse@example.net",
                   .subject = "[hikeshi #1] Spam",
                   .body = "notice\n",
                   .message_id = "hikeshi-1@team.example"};
  for (const SpamOriginal& original : {redacted, whole}) {
    mail.feedback_report = ArfAttachment{FeedbackReportFields(feedback), original, 1};
    if (!BuildMime(mail)) __builtin_trap();
    auto back = ArfAttachmentFromJson(ArfAttachmentToJson(*mail.feedback_report));
    if (!back || back->original.bytes != original.bytes) __builtin_trap();
  }
  return 0;
}
