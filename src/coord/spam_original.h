// The reported spam mail as it may go into an ARF notice (RFC 5965 §2 (c), RFC 6590): found in
// a stored report's raw bytes and, when its reporter did not consent to disclosure, reduced to
// its header block with the fields that name the reporter redacted. Pure: text in, text out.
// doc/coordination.md, "ARF for spam".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace hikeshi::coord {

// A whole original above this size goes as its header block only (text/rfc822-headers).
inline constexpr size_t kMaxOriginalBytes = 1024 * 1024;
// The header block kept at most; the block is cut at a field boundary below it.
inline constexpr size_t kMaxOriginalHeaderBytes = 64 * 1024;
// What replaces a redacted address: a reserved domain (RFC 2606), so it is never mailed.
inline constexpr std::string_view kRedactedAddress = "redacted@redacted.invalid";

struct SpamOriginal {
  std::string bytes;          // LF line ends; a whole message, or a header block
  bool headers_only = false;  // true: send as text/rfc822-headers, else message/rfc822
};

// The spam inside a stored report: the first forwarded message/rfc822 or text/rfc822-headers
// part (a user's forward, a feedback loop's ARF report), else the raw bytes themselves (the
// spam piped to us as it arrived). Uses GMime; never fails (unparseable bytes are the spam).
std::string FindSpamMessage(std::string_view raw);

// What may leave the team. With consent: the message as it is (headers only above
// kMaxOriginalBytes). Without: the header block only, because a body is often personalised for
// its recipient (greeting, unsubscribe and tracking links) in ways no rule finds reliably; in
// it To, Cc, Bcc, Delivered-To, X-Original-To, Envelope-To and the like become
// kRedactedAddress, a Received field's "for <address>" clause likewise, and every other
// occurrence of the reporter's address too. Bounded: at most kMaxOriginalHeaderBytes of
// headers, 1,000 fields.
SpamOriginal PrepareSpamOriginal(std::string_view message, std::string_view reporter,
                                 bool consent_to_share);

// The value of the first header field `name` (case-insensitive, unfolded) of a message or
// header block; "" when absent.
std::string HeaderValue(std::string_view message, std::string_view name);

// When the first (topmost) Received field says the mail arrived: the date after its ';'.
// nullopt when there is none or it does not parse.
std::optional<Timestamp> TopReceivedDate(std::string_view message);

}  // namespace hikeshi::coord
