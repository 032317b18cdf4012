// MIME mail (RFC 5322/2045–2049) parsed on GMime into plain values: headers raw and decoded,
// text parts decoded to UTF-8, attachments with SHA-256, nested messages parsed recursively.
// A pure function over bytes; hostile input gives named anomalies, never a crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"

namespace hikeshi::intake {

// Every limit has a default; a message over max_message_bytes is refused (kTooLarge), any other
// limit stops descending at that point and records an anomaly named "limit-<what>".
struct MailLimits {
  std::size_t max_message_bytes = 32u << 20;       // whole input
  std::size_t max_parts = 1000;                    // MIME entities visited, all levels together
  std::size_t max_depth = 10;                      // multipart / message nesting
  std::size_t max_headers = 1000;                  // header fields kept per entity
  std::size_t max_header_value_bytes = 64u << 10;  // one (folded) header; longer ones are cut
  std::size_t max_line_bytes = 1u << 20;           // a body line longer is only reported
};

struct MailHeader {
  std::string name;          // as written (case kept)
  std::string raw_value;     // bytes after the colon as received: folding, encoded words, 8-bit
  std::string value;         // unfolded, RFC 2047 decoded, UTF-8
  std::int64_t offset = -1;  // byte offset of the field in its entity's input, -1 if unknown
};

// A text/plain or text/html part (or another textual part such as message/feedback-report or a
// machine-readable report) decoded to UTF-8.
struct TextPart {
  std::string content_type;  // lowercase "type/subtype"
  std::string filename;      // from Content-Disposition or Content-Type name, decoded; may be empty
  std::string charset;       // the charset actually used to decode, e.g. "ISO-2022-JP"
  bool charset_declared = false;  // false: absent or wrong in the mail and guessed (uchardet)
  std::string text;               // UTF-8; bytes that would not convert become U+FFFD
};

struct Attachment {
  std::string content_type;  // lowercase "type/subtype"
  std::string filename;      // RFC 2231 / RFC 2047 decoded, UTF-8; may be empty
  std::string data;          // transfer-decoded bytes
  std::string sha256;        // lowercase hex of `data`
};

struct ParsedMail {
  std::vector<MailHeader> headers;  // in order, every field of this entity
  std::string subject;
  std::string from;
  std::string to;
  std::string cc;
  std::string date_text;                // the Date header value
  std::optional<Timestamp> date;        // Date in UTC when parseable
  std::string message_id;               // without angle brackets
  std::string in_reply_to;              // without angle brackets
  std::vector<std::string> references;  // message ids without angle brackets
  std::vector<TextPart> texts;
  std::vector<Attachment> attachments;
  // Nested message/rfc822 (and message/global, message/news) parts, and text/rfc822-headers parts
  // as header-only messages (`headers_only`): the forwarded evidence of abuse reports.
  std::vector<ParsedMail> messages;
  bool headers_only = false;
  // Named irregularities, in the order met, e.g. "bad-base64", "truncated-multipart",
  // "limit-parts", "charset-unknown". A nested message keeps its own.
  std::vector<std::string> anomalies;

  // First header named `name` (case-insensitive), or nullptr.
  const MailHeader* Header(std::string_view name) const;
  // Every header named `name` (case-insensitive), in order.
  std::vector<const MailHeader*> Headers(std::string_view name) const;
};

// Parses one RFC 5322 message. kTooLarge over limits.max_message_bytes; otherwise always a
// ParsedMail (possibly with no headers and anomalies) because a damaged report is still evidence.
// Thread-safe: initialises GMime once on first use.
[[nodiscard]] Result<ParsedMail> ParseMail(std::string_view raw, const MailLimits& limits = {});

// An RFC 5322 date (lenient, as GMime reads it) in UTC; nullopt when unparseable.
std::optional<Timestamp> ParseMailDate(std::string_view text);

// Parses a header block alone (text/rfc822-headers); the result has headers_only set.
[[nodiscard]] ParsedMail ParseHeaderBlock(std::string_view raw, const MailLimits& limits = {});

}  // namespace hikeshi::intake
