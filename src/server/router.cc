#include "server/router.h"

#include "server/handlers.h"

namespace hikeshi::server {
namespace {

// The API. Reading this table tells what the server can do and who may do it.
constexpr Route kRoutes[] = {
    {"GET", "/api/v1/health", Access::kPublic, GetHealth, "liveness and version"},
    {"POST", "/api/v1/auth/login", Access::kPublic, Login, "password login; sets the cookie"},
    {"POST", "/api/v1/auth/logout", Access::kSignedIn, Logout, "ends the session"},
    {"GET", "/api/v1/auth/me", Access::kSignedIn, GetMe, "the caller and its CSRF token"},
    {"GET", "/api/v1/meta", Access::kSignedIn, GetMeta, "vocabularies for the UI"},
    {"GET", "/api/v1/incidents", Access::kReadIncidents, ListIncidents, "filtered, paged list"},
    {"POST", "/api/v1/incidents", Access::kWriteIncidents, CreateIncident, "opens an incident"},
    {"GET", "/api/v1/incidents/{id}", Access::kReadIncidents, GetIncident, "one incident"},
    {"PATCH", "/api/v1/incidents/{id}", Access::kWriteIncidents, PatchIncident, "edits fields"},
    {"POST", "/api/v1/incidents/{id}/transition", Access::kWriteIncidents, TransitionIncident,
     "moves through the lifecycle"},
    {"GET", "/api/v1/incidents/{id}/worklog", Access::kReadIncidents, ListWorkLog,
     "the hash-chained work log"},
    {"POST", "/api/v1/incidents/{id}/worklog", Access::kWriteIncidents, AppendWorkLog,
     "adds a note"},
    {"GET", "/api/v1/users", Access::kManageUsers, ListUsers, "all accounts"},
    {"POST", "/api/v1/users", Access::kManageUsers, CreateUser, "adds an account"},
    {"POST", "/api/v1/tokens", Access::kSignedIn, CreateToken, "an API token for the caller"},
    {"POST", "/api/v1/reports", Access::kWriteIncidents, SubmitReport,
     "a report: raw mail, X-ARF or Hikeshi JSON", BodyKind::kReport},
    {"GET", "/api/v1/reports", Access::kReadIncidents, ListReports, "filtered, paged inbox"},
    {"GET", "/api/v1/reports/{id}", Access::kReadIncidents, GetReport,
     "one report with observables and triage"},
    {"GET", "/api/v1/reports/{id}/raw", Access::kReadIncidents, GetReportRaw,
     "the bytes as received"},
    {"POST", "/api/v1/reports/{id}/triage", Access::kWriteIncidents, TriageReportAction,
     "new incident, attach, not an incident, or ask for information"},
    {"GET", "/api/v1/observables", Access::kReadIncidents, FindObservable,
     "every report and incident mentioning a value"},
    {"POST", "/api/v1/public/reports", Access::kPublic, SubmitPublicReport,
     "the public report form (no login; rate-limited)"},
    {"GET", "/api/v1/stats", Access::kReadIncidents, GetStats,
     "reports, incidents and response times per quarter or month (JSON or CSV)"},
    // Coordination (coord_handlers.cc, doc/coordination.md).
    {"GET", "/api/v1/incidents/{id}/links", Access::kReadIncidents, ListIncidentLinks,
     "which correlation rule joined which reports"},
    {"GET", "/api/v1/incidents/{id}/notifications", Access::kReadIncidents,
     ListIncidentNotifications, "the notices covering the incident"},
    {"POST", "/api/v1/incidents/{id}/notifications", Access::kWriteIncidents,
     DraftIncidentNotifications, "drafts notices to the owners (or one recipient) by hand"},
    {"GET", "/api/v1/notifications/{id}", Access::kReadIncidents, GetNotification, "one notice"},
    {"POST", "/api/v1/notifications/{id}/approve", Access::kWriteIncidents,
     ApproveNotificationAction, "approves a draft for sending (logged as a decision)"},
    {"POST", "/api/v1/notifications/{id}/send", Access::kWriteIncidents, SendNotificationAction,
     "sends an approved notice now"},
    {"GET", "/api/v1/contacts", Access::kReadIncidents, ListContacts, "the contact directory"},
    {"POST", "/api/v1/contacts", Access::kWriteIncidents, CreateContact, "adds a contact"},
    {"GET", "/api/v1/contacts/{id}", Access::kReadIncidents, GetContact, "one contact"},
    {"PUT", "/api/v1/contacts/{id}", Access::kWriteIncidents, ReplaceContact, "replaces a contact"},
    {"DELETE", "/api/v1/contacts/{id}", Access::kWriteIncidents, DeleteContact,
     "removes a contact"},
    {"GET", "/api/v1/lookup", Access::kSignedIn, LookupOwner,
     "owner, abuse contacts and national CSIRT of an address or domain"},
};

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Splits "/a/b/c" into {"a","b","c"}; "" for an empty segment ("/a//b", "/a/").
template <typename Sink>
void ForEachSegment(std::string_view path, Sink sink) {
  if (path.starts_with('/')) path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    if (!sink(path.substr(0, slash))) return;
    if (slash == std::string_view::npos) return;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

std::span<const Route> ApiRoutes() { return kRoutes; }

void PathParameters::Add(std::string_view name, std::string_view value) {
  if (count_ < items_.size()) items_[count_++] = {name, value};
}

std::string_view PathParameters::Get(std::string_view name) const {
  for (size_t i = 0; i < count_; ++i) {
    if (items_[i].first == name) return items_[i].second;
  }
  return {};
}

Router::Router(std::span<const Route> routes) {
  routes_.reserve(routes.size());
  for (const Route& route : routes) {
    CompiledRoute compiled{&route, {}};
    ForEachSegment(route.pattern, [&](std::string_view segment) {
      compiled.segments.push_back(segment);
      return true;
    });
    routes_.push_back(std::move(compiled));
  }
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  for (const CompiledRoute& compiled : routes_) {
    PathParameters parameters;
    size_t index = 0;
    bool matches = true;
    ForEachSegment(path, [&](std::string_view segment) {
      if (index >= compiled.segments.size()) return matches = false;
      std::string_view expected = compiled.segments[index++];
      if (IsParameter(expected)) {
        if (segment.empty()) return matches = false;
        parameters.Add(expected.substr(1, expected.size() - 2), segment);
      } else if (segment != expected) {
        return matches = false;
      }
      return true;
    });
    if (!matches || index != compiled.segments.size()) continue;
    if (compiled.route->method == method) {
      match.outcome = RouteMatch::Outcome::kFound;
      match.route = compiled.route;
      match.parameters = parameters;
      return match;
    }
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += compiled.route->method;
    match.outcome = RouteMatch::Outcome::kMethodNotAllowed;
  }
  return match;
}

}  // namespace hikeshi::server
