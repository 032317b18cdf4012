// The JSON codec for incidents and their work log: domain values to response JSON, request bodies
// to validated domain inputs. Pure functions over bytes and values; doc/api.md shows the shapes.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/category.h"
#include "core/error.h"
#include "core/incident.h"
#include "core/lifecycle.h"
#include "core/time.h"
#include "core/worklog.h"
#include "server/json_body.h"

namespace hikeshi::server {

ResponseJson IncidentToJson(const Incident& incident);
ResponseJson WorkLogEntryToJson(const WorkLogEntry& entry);

// POST /incidents {title, description?, category, severity?, tlp?, reported_at?}
Result<NewIncident> ParseNewIncident(std::string_view body);

// PATCH /incidents/{id}: the field changes and, when given, the version the client last saw.
struct IncidentPatchRequest {
  IncidentPatch patch;
  std::optional<int64_t> version;
};
Result<IncidentPatchRequest> ParseIncidentPatch(std::string_view body);

// POST /incidents/{id}/transition {to, note?, reason?}
struct TransitionRequest {
  State to = State::kTriage;
  std::string note;
  std::optional<NotIncidentReason> reason;
};
Result<TransitionRequest> ParseTransition(std::string_view body);

// POST /incidents/{id}/worklog {text}: the note's text (validated later by MakeNote).
Result<std::string> ParseNote(std::string_view body);

// RFC 3339 text, or null for an unset time.
ResponseJson TimeOrNull(const std::optional<Timestamp>& at);

}  // namespace hikeshi::server
