// Triage on arrival: what a responder would decide first about a report, done before anyone
// reads it (doc/report_triage.md). Pure: it fills the triage fields of a Report.
//  1. Category: kept when a structured format stated it (ARF, X-ARF, feed tag); otherwise
//     guessed from keywords in subject and text (English and Japanese), naming the rule.
//  2. Not an incident: plain spam and one-click fraud, when the policy says so.
//  3. Evidence check per category; a report lacking what the category needs becomes
//     needs-info with a reply drafted in the report's language listing what is missing.
//  4. Consent: sources the policy trusts by default are marked as consenting, unless the
//     report said otherwise.
#pragma once

#include <string>
#include <vector>

#include "core/report.h"

namespace hikeshi::intake {

struct TriagePolicy {
  bool spam_is_not_incident = true;  // plain spam → not-an-incident (spam)
  bool one_click_fraud_is_not_incident = true;
  // Reporter addresses or @domains whose reports may be shared with third parties unless they
  // say otherwise, e.g. "@jpcert.or.jp".
  std::vector<std::string> consenting_sources;
};

// What the parser knew about the evidence that the Report itself does not carry.
struct EvidenceFacts {
  bool full_headers = false;    // the reported message's headers, with a Received chain
  bool consent_stated = false;  // the report itself said whether it may be shared
};

// Fills status, category, rsit, triage_rule, not_incident_reason, missing_evidence,
// draft_reply and (per policy) consent_to_share. Leaves reports in status kDuplicate alone.
void TriageReport(Report& report, const EvidenceFacts& facts, const TriagePolicy& policy);

// "ja" when the text is mostly Japanese (kana and kanji), else "en".
std::string GuessLanguage(std::string_view text);

// True when the text holds log lines: at least two lines that start with a timestamp (syslog,
// ISO 8601, Apache's [dd/Mon/yyyy:…]) or are web access-log lines.
bool HasLogLines(std::string_view text);

}  // namespace hikeshi::intake
