// /incidents/{id}/links, /incidents/{id}/notifications, /notifications/{id}/approve|send and
// /contacts: what correlation joined and why, the notices drafted, and the contact directory.
#include <fmt/format.h>

#include "server/api.h"
#include "server/coord_json.h"
#include "server/handlers.h"
#include "server/incident_id.h"
#include "server/json_body.h"
#include "server/notification_flow.h"

namespace hikeshi::server {

using json = ResponseJson;

Result<ApiResponse> ListIncidentLinks(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  if (auto incident = context.store.GetIncident(*id); !incident) {
    return std::unexpected(incident.error());
  }
  auto links = context.store.ListIncidentLinks(*id);
  if (!links) return std::unexpected(links.error());
  json items = json::array();
  for (const IncidentLink& link : *links) items.push_back(IncidentLinkToJson(link));
  return JsonResponse(200, DumpJson({{"items", std::move(items)}}));
}

Result<ApiResponse> ListIncidentNotifications(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  if (auto incident = context.store.GetIncident(*id); !incident) {
    return std::unexpected(incident.error());
  }
  auto notifications = context.store.ListNotifications({.incident_id = *id, .limit = kMaxPageSize});
  if (!notifications) return std::unexpected(notifications.error());
  json items = json::array();
  for (const Notification& n : *notifications) items.push_back(NotificationToJson(n));
  return JsonResponse(200, DumpJson({{"items", std::move(items)}}));
}

Result<ApiResponse> GetNotification(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto n = context.store.GetNotification(*id);
  if (!n) return std::unexpected(n.error());
  return JsonResponse(200, DumpJson(NotificationToJson(*n)));
}

Result<ApiResponse> ApproveNotificationAction(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto n = ApproveNotification(context.store, context.options.coordination.notify, *id,
                               context.principal->user.name, context.now);
  if (!n) return std::unexpected(n.error());
  return JsonResponse(200, DumpJson(NotificationToJson(*n)));
}

Result<ApiResponse> SendNotificationAction(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  coord::MailTransport* transport = context.options.coordination.transport;
  if (transport == nullptr) {
    return Fail(ErrorCode::kUnavailable, "no SMTP relay configured ([smtp] url)");
  }
  // Claimed first, like the outbox does, so that a notification another server's outbox (or
  // another send-now) is delivering right now is not sent twice: kConflict (409) then.
  auto claimed =
      context.store.ClaimNotification(*id, context.options.coordination.claim_lease, context.now);
  if (!claimed) return std::unexpected(claimed.error());
  auto n = DeliverNotification(context.store, context.options.coordination.notify, *transport, *id,
                               context.now);
  if (!n) return std::unexpected(n.error());
  if (n->state != "sent") {
    return Fail(ErrorCode::kUnavailable,
                fmt::format("not sent ({}); retried at the next attempt", n->last_error));
  }
  return JsonResponse(200, DumpJson(NotificationToJson(*n)));
}

Result<ApiResponse> ListContacts(HandlerContext& context) {
  auto contacts = context.store.ListContacts(100000);
  if (!contacts) return std::unexpected(contacts.error());
  json items = json::array();
  for (const Contact& contact : *contacts) items.push_back(ContactToJson(contact));
  return JsonResponse(200, DumpJson({{"items", std::move(items)}}));
}

Result<ApiResponse> CreateContact(HandlerContext& context) {
  auto body = ParseJsonObject(context.request.body);
  if (!body) return std::unexpected(body.error());
  auto contact = ContactFromJson(*body);
  if (!contact) return std::unexpected(contact.error());
  contact->id = 0;
  auto saved = context.store.SaveContact(*contact);
  if (!saved) return std::unexpected(saved.error());
  return JsonResponse(201, DumpJson(ContactToJson(*saved)));
}

Result<ApiResponse> GetContact(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto contact = context.store.GetContact(*id);
  if (!contact) return std::unexpected(contact.error());
  return JsonResponse(200, DumpJson(ContactToJson(*contact)));
}

Result<ApiResponse> ReplaceContact(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto body = ParseJsonObject(context.request.body);
  if (!body) return std::unexpected(body.error());
  auto contact = ContactFromJson(*body);
  if (!contact) return std::unexpected(contact.error());
  contact->id = *id;
  auto saved = context.store.SaveContact(*contact);
  if (!saved) return std::unexpected(saved.error());
  return JsonResponse(200, DumpJson(ContactToJson(*saved)));
}

Result<ApiResponse> DeleteContact(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  if (auto ok = context.store.DeleteContact(*id); !ok) return std::unexpected(ok.error());
  return JsonResponse(200, DumpJson({{"deleted", *id}}));
}

}  // namespace hikeshi::server
