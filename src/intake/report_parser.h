// From the bytes of a report to a Report: the mail parser, ARF, X-ARF and indicator extraction
// put together (doc/mail_intake.md, doc/indicators.md). Pure: the caller stores the result and
// keeps the raw bytes (they are not copied in here).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/report.h"
#include "core/time.h"
#include "intake/mail.h"
#include "intake/report_triage.h"

namespace hikeshi::intake {

struct ReportParseOptions {
  MailLimits mail_limits;
  // The team's own relays (host names or domains): Received hops through them are never the
  // accused source of a forwarded message.
  std::vector<std::string> trusted_relays;
  // When the mail carries no usable Date: the year for syslog lines without one.
  Timestamp received_at;
  size_t max_text_bytes = 1 << 20;  // the report's stored text; extraction still sees it all
};

struct ParsedReport {
  Report report;  // parsed fields only: no raw bytes, id, channel or hash
  EvidenceFacts facts;
};

// A mail as received: plain, ARF (RFC 5965) or X-ARF. kTooLarge over the mail size limit;
// otherwise always a report, with anomalies where the mail was damaged.
Result<ParsedReport> ParseMailReport(std::string_view raw, const ReportParseOptions& options);

// An X-ARF v4 JSON document posted on its own.
Result<ParsedReport> ParseXarfReport(std::string_view json, const ReportParseOptions& options);

// A value someone typed to look up ("hxxp://203.0.113[.]5/", "２０３．０．１１３．５",
// "Example.COM") in the normalised form observables are stored in; text that is not one
// indicator comes back trimmed and otherwise unchanged.
std::string NormalizeLookup(std::string_view value);

// For reports a channel parsed itself (JSON API, report form): the indicators and the first
// stated time in subject and text, added to what the report already has.
void ExtractIndicatorsInto(Report& report, Timestamp reference_time);

// True when the text looks like an X-ARF v4 document (it names "xarf_version").
bool LooksLikeXarfJson(std::string_view json);

}  // namespace hikeshi::intake
