// The JSON codec for reports: response shapes and the request bodies of /reports, the triage
// actions and the public report form. Pure functions; doc/api.md shows the shapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/category.h"
#include "core/error.h"
#include "core/report.h"
#include "core/severity.h"
#include "core/tlp.h"
#include "server/json_body.h"

namespace hikeshi::server {

// Everything but the raw bytes (their size and SHA-256 are included); the text only when
// `with_text` (listings leave it out).
ResponseJson ReportToJson(const Report& report, bool with_text);

// POST /reports with Content-Type application/json:
// {reporter, text, subject?, reporter_name?, category?, event_time?, reference?, consent?,
//  language?}. Fills the parsed fields of a Report (channel, raw and hash are the caller's).
// `consent_stated` tells whether the body said anything about consent.
struct SubmittedReport {
  Report report;
  bool consent_stated = false;
};
Result<SubmittedReport> ParseReportJson(std::string_view body);

// POST /public/reports: {contact_email, consent, description, contact_name?, category?, url?,
// source_ip?, event_time?, logs?}. The reporter must say whether the report may be shared.
Result<Report> ParsePublicReport(std::string_view body);

// POST /reports/{id}/triage.
struct TriageAction {
  enum class Kind { kNewIncident, kAttach, kNotIncident, kAskInfo };
  Kind kind = Kind::kNewIncident;
  std::optional<int64_t> incident_id;       // kAttach
  std::optional<NotIncidentReason> reason;  // kNotIncident
  std::string note;
  std::optional<std::string> title;  // kNewIncident; default: the report's subject
  std::optional<Severity> severity;  // kNewIncident
  std::optional<Tlp> tlp;            // kNewIncident
  std::optional<std::string> reply;  // kAskInfo: replaces the drafted reply
};
Result<TriageAction> ParseTriageAction(std::string_view body);

}  // namespace hikeshi::server
