// Incident: the record a CSIRT opens for one (suspected) security event, and the pure domain
// operations on it. Every operation validates first and changes nothing on error; each returns the
// work-log entry that must be appended with the change (the store does both in one transaction).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/category.h"
#include "core/error.h"
#include "core/lifecycle.h"
#include "core/severity.h"
#include "core/time.h"
#include "core/tlp.h"
#include "core/worklog.h"

namespace hikeshi {

struct Incident {
  int64_t id = 0;
  std::string title;
  std::string description;
  Category category = Category::kOther;
  Severity severity = Severity::kMedium;
  Tlp tlp = Tlp::kAmber;
  State state = State::kNew;
  std::string lead;  // user name of the one responder leading; empty when unassigned
  std::optional<NotIncidentReason> not_incident_reason;  // set in state not-an-incident
  Timestamp reported_at;  // when the event was reported to the team (defaults to created_at)
  Timestamp created_at;
  Timestamp updated_at;
  // Stamped by transitions, never typed in. acknowledged/contained/recovered keep the first time
  // they happened (a reopen does not reset response metrics); closed_at is cleared on reopen.
  std::optional<Timestamp> acknowledged_at;
  std::optional<Timestamp> contained_at;
  std::optional<Timestamp> recovered_at;
  std::optional<Timestamp> closed_at;
  int64_t version = 1;  // bumped on every change; lets a store detect lost updates
};

// Size limits on free text (bytes of UTF-8).
inline constexpr size_t kMaxTitleBytes = 300;
inline constexpr size_t kMaxTextBytes = 64 * 1024;
inline constexpr size_t kMaxUserNameBytes = 64;

struct NewIncident {
  std::string title;
  std::string description;
  Category category = Category::kOther;
  Severity severity = Severity::kMedium;
  Tlp tlp = Tlp::kAmber;
  std::optional<Timestamp> reported_at;  // must not lie in the future
};

// A partial update; absent fields stay as they are. lead "" unassigns.
struct IncidentPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<Category> category;
  std::optional<Severity> severity;
  std::optional<Tlp> tlp;
  std::optional<std::string> lead;
};

// A validated incident in state new (id 0: the store assigns it) and its "created" entry.
Result<std::pair<Incident, WorkLogDraft>> MakeIncident(const NewIncident& input, Timestamp now);

// Applies `patch`; the draft lists each changed field. No change → std::nullopt, nothing to log.
Result<std::optional<WorkLogDraft>> ApplyPatch(Incident& incident, const IncidentPatch& patch,
                                               Timestamp now);

// Moves the incident to `to` if the lifecycle allows it, stamping the matching timestamp.
// `reason` is required for (and only allowed with) not-an-incident.
Result<WorkLogDraft> ApplyTransition(Incident& incident, State to, std::string_view note,
                                     std::optional<NotIncidentReason> reason, Timestamp now);

// A free-text note for the work log.
Result<WorkLogDraft> MakeNote(std::string_view text);

// Response metrics from the stamped timestamps, measured from reported_at.
std::optional<std::chrono::microseconds> TimeToAcknowledge(const Incident& incident);
std::optional<std::chrono::microseconds> TimeToContain(const Incident& incident);
std::optional<std::chrono::microseconds> TimeToRecover(const Incident& incident);

}  // namespace hikeshi
