// POST /api/v1/incidents/{id}/notifications: a responder drafts notices for an incident by hand
// (server/incident_notices.h, doc/coordination.md).
#include "server/api.h"
#include "server/coord_json.h"
#include "server/handlers.h"
#include "server/incident_id.h"
#include "server/incident_notices.h"
#include "server/json_body.h"

namespace hikeshi::server {

using json = ResponseJson;

Result<ApiResponse> DraftIncidentNotifications(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto body = ParseJsonObject(context.request.body);
  if (!body) return std::unexpected(body.error());
  FieldReader reader(*body, {"to", "contact_id", "language", "kind"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  IncidentNoticeRequest request;
  auto to = reader.OptionalString("to");
  if (!to) return std::unexpected(to.error());
  request.to = to->value_or("");
  auto contact_id = reader.OptionalInteger("contact_id");
  if (!contact_id) return std::unexpected(contact_id.error());
  request.contact_id = *contact_id;
  auto language = reader.OptionalString("language");
  if (!language) return std::unexpected(language.error());
  request.language = language->value_or("");
  auto kind = reader.OptionalString("kind");
  if (!kind) return std::unexpected(kind.error());
  request.kind = kind->value_or("abuse");

  auto result = DraftIncidentNotices(context.store, context.options.coordination, *id, request,
                                     context.principal->user.name, context.now);
  if (!result) return std::unexpected(result.error());
  json items = json::array();
  for (const Notification& n : result->notifications) items.push_back(NotificationToJson(n));
  json skipped = json::array();
  for (const SkippedAddress& s : result->skipped) {
    skipped.push_back({{"address", s.address}, {"reason", s.reason}});
  }
  return JsonResponse(200,
                      DumpJson({{"items", std::move(items)}, {"skipped", std::move(skipped)}}));
}

}  // namespace hikeshi::server
