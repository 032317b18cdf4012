// The MIME message of a notice (GMime): a text/plain part in UTF-8 and the X-ARF attachments,
// serialised with CRLF line ends as SMTP wants. doc/coordination.md shows an example.
#pragma once

#include <string>
#include <vector>

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
  std::vector<MailAttachment> attachments;
};

// kInvalid when an address or the Message-ID holds characters that could break a header
// (CR, LF, NUL, '<', '>', ',', ';', spaces) or is empty where required.
Result<std::string> BuildMime(const MailMessage& message);

}  // namespace hikeshi::coord
