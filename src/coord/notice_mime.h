// The MIME message of a notice (GMime): multipart/mixed with a text/plain part in UTF-8 and the
// X-ARF attachments, or for spam an RFC 5965 multipart/report (text/plain, message/feedback-report,
// the original as message/rfc822 or text/rfc822-headers); serialised with CRLF line ends as SMTP
// wants. doc/coordination.md shows an example.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coord/arf_notice.h"
#include "core/error.h"
#include "core/time.h"

namespace hikeshi::coord {

struct MailAttachment {
  std::string filename;      // "xarf-1.json"
  std::string content_type;  // "application/json"
  std::string bytes;
};

struct MailMessage {
  std::string from;  // one address
  std::string to;    // one address
  std::string cc;    // "" or addresses separated by ", "
  std::string subject;
  std::string body;         // UTF-8 text
  std::string message_id;   // without <>
  std::string in_reply_to;  // without <>; "" = none
  Timestamp date;
  std::vector<MailAttachment> attachments;  // ignored when feedback_report is set
  // Set: the mail is an ARF report (multipart/report; report-type=feedback-report).
  std::optional<ArfAttachment> feedback_report;
};

// kInvalid when an address or the Message-ID holds characters that could break a header
// (CR, LF, NUL, '<', '>', ',', ';', spaces) or is empty where required.
Result<std::string> BuildMime(const MailMessage& message);

}  // namespace hikeshi::coord
