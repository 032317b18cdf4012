// The endpoint handlers, grouped by concept in *_handlers.cc and listed in router.cc's table.
// Each validates its input, calls the store attributing writes to the caller, and returns the
// response or an Error that the Api maps to a JSON error.
#pragma once

#include "core/error.h"
#include "server/api_message.h"
#include "server/handler_context.h"

namespace hikeshi::server {

// meta_handlers.cc
Result<ApiResponse> GetHealth(HandlerContext& context);
Result<ApiResponse> GetMeta(HandlerContext& context);

// auth_handlers.cc
Result<ApiResponse> Login(HandlerContext& context);
Result<ApiResponse> Logout(HandlerContext& context);
Result<ApiResponse> GetMe(HandlerContext& context);

// incident_handlers.cc
Result<ApiResponse> CreateIncident(HandlerContext& context);
Result<ApiResponse> ListIncidents(HandlerContext& context);
Result<ApiResponse> GetIncident(HandlerContext& context);
Result<ApiResponse> PatchIncident(HandlerContext& context);
Result<ApiResponse> TransitionIncident(HandlerContext& context);

// worklog_handlers.cc
Result<ApiResponse> ListWorkLog(HandlerContext& context);
Result<ApiResponse> AppendWorkLog(HandlerContext& context);

// user_handlers.cc
Result<ApiResponse> ListUsers(HandlerContext& context);
Result<ApiResponse> CreateUser(HandlerContext& context);
Result<ApiResponse> CreateToken(HandlerContext& context);

// report_handlers.cc
Result<ApiResponse> SubmitReport(HandlerContext& context);
Result<ApiResponse> ListReports(HandlerContext& context);
Result<ApiResponse> GetReport(HandlerContext& context);
Result<ApiResponse> GetReportRaw(HandlerContext& context);
Result<ApiResponse> TriageReportAction(HandlerContext& context);
Result<ApiResponse> FindObservable(HandlerContext& context);
Result<ApiResponse> SubmitPublicReport(HandlerContext& context);

// stats_handlers.cc
Result<ApiResponse> GetStats(HandlerContext& context);
// coord_handlers.cc
Result<ApiResponse> ListIncidentLinks(HandlerContext& context);
Result<ApiResponse> ListIncidentNotifications(HandlerContext& context);
Result<ApiResponse> GetNotification(HandlerContext& context);
Result<ApiResponse> ApproveNotificationAction(HandlerContext& context);
Result<ApiResponse> SendNotificationAction(HandlerContext& context);
Result<ApiResponse> ListContacts(HandlerContext& context);
Result<ApiResponse> CreateContact(HandlerContext& context);
Result<ApiResponse> GetContact(HandlerContext& context);
Result<ApiResponse> ReplaceContact(HandlerContext& context);
Result<ApiResponse> DeleteContact(HandlerContext& context);
// incident_notice_handlers.cc
Result<ApiResponse> DraftIncidentNotifications(HandlerContext& context);
// lookup_handlers.cc
Result<ApiResponse> LookupOwner(HandlerContext& context);

}  // namespace hikeshi::server
