// ARF for spam (RFC 5965): the machine-readable part of a notice about a spam mail, instead of
// X-ARF. One feedback report per notice (RFC 5965 allows one per message): the first spam mail
// the notice lists; the others are listed in the human-readable part. Pure, no I/O; the MIME is
// written by notice_mime.h. doc/coordination.md, "ARF for spam".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coord/spam_original.h"
#include "core/time.h"

namespace hikeshi::coord {

// What the message/feedback-report part says about one spam mail. Values are reduced to one
// printable ASCII line each (non-ASCII bytes of a URI percent-encoded; others dropped).
struct SpamFeedback {
  std::string user_agent;  // "Hikeshi/0.1"
  std::string source_ip;   // "" = not known, field left out
  Timestamp arrival_date;
  std::string original_mail_from;             // envelope sender (Return-Path); "" = unknown
  std::string original_rcpt_to;               // only with the reporter's consent; "" = omit
  std::vector<std::string> reported_domains;  // at most kMaxReportedValues kept
  std::vector<std::string> reported_uris;     // at most kMaxReportedValues kept
  int64_t report_id = 0;                      // ours, for the responder; not an ARF field
};

inline constexpr size_t kMaxReportedValues = 20;

// An ARF report ready to be written: the feedback fields and the original.
struct ArfAttachment {
  std::string feedback_report;  // the message/feedback-report body, LF line ends
  SpamOriginal original;
  int64_t report_id = 0;
};

// "Feedback-Type: abuse\nUser-Agent: …\nVersion: 1\n…" in RFC 5965 §3.1 order.
std::string FeedbackReportFields(const SpamFeedback& feedback);

// How a notification stores it (the `attachment` column): {"arf": {"feedback_report", "original"
// (base64, the bytes may be any charset), "headers_only", "report_id"}}. An X-ARF notice keeps
// its JSON array there instead.
std::string ArfAttachmentToJson(const ArfAttachment& attachment);
// nullopt when `json` is not an ARF attachment (an X-ARF array, "", damaged).
std::optional<ArfAttachment> ArfAttachmentFromJson(std::string_view json);

}  // namespace hikeshi::coord
