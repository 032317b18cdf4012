// Internal to intake: what the GMime walk (mail.cc) and the MIME fast path (mail_fastpath.cc)
// share so both build the same ParsedMail.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "intake/gmime_support.h"
#include "intake/mail.h"

namespace hikeshi::intake {

// Defined in mail.cc.
void AddMailAnomaly(std::vector<std::string>& anomalies, std::string_view name);
// A decoded header value made well-formed UTF-8 (raw ISO-2022-JP escapes, stray 8-bit).
void NormaliseHeaderValue(std::string& value);
// Unfolds a plain ASCII header value: line breaks removed, outer whitespace trimmed.
std::string UnfoldHeader(std::string_view raw);
// Fills subject, from, to, cc, date, message ids from out.headers.
void FillHeaderSummary(ParsedMail& out);
// Adds a decoded leaf (not text/rfc822-headers) as a TextPart or an Attachment.
void AppendLeaf(std::string type, bool attachment_disposition, std::string filename,
                const char* charset, LeafContent content, ParsedMail& out);

}  // namespace hikeshi::intake
