// /incidents/{id}/worklog: the incident's hash-chained record of who did what when.
#include <nlohmann/json.hpp>

#include "server/handlers.h"
#include "server/incident_id.h"
#include "server/incident_json.h"
#include "server/json_body.h"

namespace hikeshi::server {

using json = ResponseJson;

Result<ApiResponse> ListWorkLog(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto entries = context.store.ListWorkLog(*id);
  if (!entries) return std::unexpected(entries.error());
  if (entries->empty()) {
    // Every incident has its "created" entry, so an empty log may mean no such incident.
    if (auto incident = context.store.GetIncident(*id); !incident) {
      return std::unexpected(incident.error());
    }
  }
  json items = json::array();
  for (const WorkLogEntry& entry : *entries) items.push_back(WorkLogEntryToJson(entry));
  return JsonResponse(200, DumpJson({{"items", std::move(items)}}));
}

Result<ApiResponse> AppendWorkLog(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto text = ParseNote(context.request.body);
  if (!text) return std::unexpected(text.error());
  auto draft = MakeNote(*text);
  if (!draft) return std::unexpected(draft.error());
  auto mutate = [&draft](Incident&) -> Result<std::optional<WorkLogDraft>> {
    return std::optional<WorkLogDraft>{*draft};
  };
  auto result =
      context.store.MutateIncident(*id, mutate, context.principal->user.name, context.now);
  if (!result) return std::unexpected(result.error());
  if (!result->entry) return Fail(ErrorCode::kInternal, "the store appended no work-log entry");
  return JsonResponse(201, DumpJson(WorkLogEntryToJson(*result->entry)));
}

}  // namespace hikeshi::server
