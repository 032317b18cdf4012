#include "server/incident_json.h"

#include <fmt/format.h>

#include "core/severity.h"
#include "core/tlp.h"
#include "server/json_body.h"

namespace hikeshi::server {

using nlohmann::json;

namespace {

ResponseJson SecondsOrNull(const std::optional<std::chrono::microseconds>& duration) {
  if (!duration) return nullptr;
  return std::chrono::duration_cast<std::chrono::seconds>(*duration).count();
}

}  // namespace

ResponseJson TimeOrNull(const std::optional<Timestamp>& at) {
  if (!at) return nullptr;
  return FormatRfc3339(*at);
}

ResponseJson IncidentToJson(const Incident& incident) {
  const StateInfo& state = Describe(incident.state);
  ResponseJson next_states = ResponseJson::array();
  for (State next : NextStates(incident.state)) next_states.push_back(ToString(next));
  return ResponseJson{
      {"id", incident.id},
      {"title", incident.title},
      {"description", incident.description},
      {"category", ToString(incident.category)},
      {"rsit", Describe(incident.category).rsit},
      {"severity", ToString(incident.severity)},
      {"tlp", ToString(incident.tlp)},
      {"state", state.name},
      {"phase", {{"nist", ToString(state.nist)}, {"jpcert", ToString(state.jpcert)}}},
      {"next_states", std::move(next_states)},
      {"lead", incident.lead.empty() ? ResponseJson(nullptr) : ResponseJson(incident.lead)},
      {"not_incident_reason", incident.not_incident_reason
                                  ? ResponseJson(ToString(*incident.not_incident_reason))
                                  : ResponseJson(nullptr)},
      {"reported_at", FormatRfc3339(incident.reported_at)},
      {"created_at", FormatRfc3339(incident.created_at)},
      {"updated_at", FormatRfc3339(incident.updated_at)},
      {"acknowledged_at", TimeOrNull(incident.acknowledged_at)},
      {"contained_at", TimeOrNull(incident.contained_at)},
      {"recovered_at", TimeOrNull(incident.recovered_at)},
      {"closed_at", TimeOrNull(incident.closed_at)},
      {"metrics",
       {{"time_to_acknowledge_seconds", SecondsOrNull(TimeToAcknowledge(incident))},
        {"time_to_contain_seconds", SecondsOrNull(TimeToContain(incident))},
        {"time_to_recover_seconds", SecondsOrNull(TimeToRecover(incident))}}},
      {"version", incident.version},
  };
}

ResponseJson WorkLogEntryToJson(const WorkLogEntry& entry) {
  return ResponseJson{{"seq", entry.seq},
                      {"at", FormatRfc3339(entry.at)},
                      {"responder", entry.responder},
                      {"action", entry.action},
                      {"text", entry.text},
                      {"prev_hash", entry.prev_hash},
                      {"hash", entry.hash}};
}

Result<NewIncident> ParseNewIncident(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object,
                     {"title", "description", "category", "severity", "tlp", "reported_at"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());

  NewIncident input;
  auto title = reader.RequiredString("title");
  if (!title) return std::unexpected(title.error());
  input.title = std::move(*title);
  auto description = reader.OptionalString("description");
  if (!description) return std::unexpected(description.error());
  input.description = description->value_or("");
  if (!reader.Has("category") || reader.IsNull("category")) {
    return Fail(ErrorCode::kInvalid, "field \"category\" is required");
  }
  auto category = OptionalName<Category>(reader, "category", ParseCategory);
  if (!category) return std::unexpected(category.error());
  input.category = **category;
  auto severity = OptionalName<Severity>(reader, "severity", ParseSeverity);
  if (!severity) return std::unexpected(severity.error());
  input.severity = severity->value_or(Severity::kMedium);
  auto tlp = OptionalName<Tlp>(reader, "tlp", ParseTlp);
  if (!tlp) return std::unexpected(tlp.error());
  input.tlp = tlp->value_or(Tlp::kAmber);
  auto reported_at = OptionalName<Timestamp>(reader, "reported_at", ParseRfc3339);
  if (!reported_at) return std::unexpected(reported_at.error());
  input.reported_at = *reported_at;
  return input;
}

Result<IncidentPatchRequest> ParseIncidentPatch(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object,
                     {"title", "description", "category", "severity", "tlp", "lead", "version"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());

  IncidentPatchRequest request;
  IncidentPatch& patch = request.patch;
  auto title = reader.OptionalString("title");
  if (!title) return std::unexpected(title.error());
  patch.title = std::move(*title);
  auto description = reader.OptionalString("description");
  if (!description) return std::unexpected(description.error());
  patch.description = std::move(*description);
  auto category = OptionalName<Category>(reader, "category", ParseCategory);
  if (!category) return std::unexpected(category.error());
  patch.category = *category;
  auto severity = OptionalName<Severity>(reader, "severity", ParseSeverity);
  if (!severity) return std::unexpected(severity.error());
  patch.severity = *severity;
  auto tlp = OptionalName<Tlp>(reader, "tlp", ParseTlp);
  if (!tlp) return std::unexpected(tlp.error());
  patch.tlp = *tlp;
  // Responses show an unassigned lead as null, so null (like "") unassigns.
  auto lead = reader.OptionalString("lead");
  if (!lead) return std::unexpected(lead.error());
  patch.lead = reader.IsNull("lead") ? std::optional<std::string>{""} : std::move(*lead);
  auto version = reader.OptionalInteger("version");
  if (!version) return std::unexpected(version.error());
  request.version = *version;
  return request;
}

Result<TransitionRequest> ParseTransition(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object, {"to", "note", "reason"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());

  TransitionRequest request;
  if (!reader.Has("to") || reader.IsNull("to")) {
    return Fail(ErrorCode::kInvalid, "field \"to\" is required");
  }
  auto to = OptionalName<State>(reader, "to", ParseState);
  if (!to) return std::unexpected(to.error());
  request.to = **to;
  auto note = reader.OptionalString("note");
  if (!note) return std::unexpected(note.error());
  request.note = note->value_or("");
  auto reason = OptionalName<NotIncidentReason>(reader, "reason", ParseNotIncidentReason);
  if (!reason) return std::unexpected(reason.error());
  request.reason = *reason;
  return request;
}

Result<std::string> ParseNote(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object, {"text"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  return reader.RequiredString("text");
}

}  // namespace hikeshi::server
