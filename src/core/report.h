// Report: what arrived from outside (a mail, a form, a feed row, an API call), kept byte for byte
// as evidence, with what intake made of it: the indicators, a category guess, and the triage
// outcome (doc/report_triage.md, doc/schema.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/category.h"
#include "core/observable.h"
#include "core/time.h"

namespace hikeshi {

// Where a report stands in triage.
enum class ReportStatus {
  kReceived,     // stored raw; not parsed yet (or parsing is still to be retried)
  kNew,          // parsed and triaged automatically; waiting for a responder
  kNeedsInfo,    // evidence missing: a reply asking for it has been drafted
  kNotIncident,  // plain spam, one-click fraud, legitimate access, … (see not_incident_reason)
  kAccepted,     // attached to an incident (incident_id)
  kDuplicate,    // the same report again (duplicate_of); kept as evidence, hidden by default
};
std::string_view ToString(ReportStatus status);  // "received", "new", "needs-info", …
std::optional<ReportStatus> ParseReportStatus(std::string_view name);

struct Report {
  int64_t id = 0;
  std::string channel;  // how it came: "mail", "imap", "form", "feed", "api"
  std::string format;   // what it was: "mail", "arf", "xarf", "csv", "jsonl", "form", "json"
  std::string raw;      // the bytes exactly as received (may be binary)
  std::string sha256;   // lowercase hex SHA-256 of raw, computed on arrival
  Timestamp received_at;

  std::string reporter;       // who sent it: a mail address, a form's contact, a feed's name
  std::string reporter_name;  // display name, when given
  std::string subject;
  std::string message_id;  // RFC 5322 Message-ID without <>, when a mail; for duplicates
  std::string reference;   // the reporter's own id (X-ARF report_id, a feed row's id)
  std::string language;    // "ja" or "en": the language of the text, for replies
  std::string text;        // the human-readable part as UTF-8, for reading and search
  std::optional<Timestamp> event_time;  // when the reported activity happened, if stated
  bool consent_to_share = false;        // may the reporter's identity go to third parties?

  std::vector<Observable> observables;
  std::vector<std::string> anomalies;  // what the parser found wrong but got past

  // Triage (on arrival, then by responders).
  ReportStatus status = ReportStatus::kReceived;
  std::optional<Category> category;  // JPCERT/CC category guessed or set
  std::string rsit;                  // the most specific RSIT "class:type" known
  std::string triage_rule;           // the rule that decided category/status
  std::optional<NotIncidentReason> not_incident_reason;
  std::vector<std::string> missing_evidence;  // for kNeedsInfo: what to ask for
  std::string draft_reply;                    // for kNeedsInfo: the reply to send
  std::optional<int64_t> incident_id;         // kAccepted: the incident it belongs to
  std::optional<int64_t> duplicate_of;        // kDuplicate: the report it repeats
  int64_t repeats = 0;                        // how many duplicates of this one arrived
};

// Size limits enforced by every channel before anything else happens.
inline constexpr size_t kMaxReportBytes = 32 * 1024 * 1024;
inline constexpr size_t kMaxObservablesPerReport = 10'000;

}  // namespace hikeshi
