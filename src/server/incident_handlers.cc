// /incidents and /incidents/{id}: create, list, read, edit, move through the lifecycle.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "core/user.h"
#include "server/handlers.h"
#include "server/incident_cursor.h"
#include "server/incident_id.h"
#include "server/incident_json.h"
#include "server/json_body.h"
#include "server/query_string.h"

namespace hikeshi::server {
namespace {

using json = ResponseJson;

ApiResponse IncidentResponse(int status, const Incident& incident) {
  return JsonResponse(status, DumpJson(IncidentToJson(incident)));
}

// Sets `target` from a named value; "" (e.g. "state=" from a form) leaves it unfiltered.
template <typename T, typename Parse>
Status SetFilter(std::optional<T>& target, std::string_view name, const std::string& text,
                 Parse parse) {
  if (text.empty()) return {};
  std::optional<T> value = parse(text);
  if (!value) {
    return Fail(ErrorCode::kInvalid, fmt::format("query parameter \"{}\": unknown value {}", name,
                                                 QuoteForMessage(text)));
  }
  target = value;
  return {};
}

// The parameters that depend on each other (sort and order decide what a cursor means), kept
// until every parameter is read.
struct ListOrder {
  std::string cursor;
};

Status SetOrder(IncidentQuery& query, std::string_view name, const std::string& value) {
  if (name == "sort") {
    std::optional<IncidentSort> sort = ParseIncidentSort(value);
    if (!sort) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("query parameter \"sort\": unknown key {} (id, title, state, "
                              "category, severity, tlp, lead, reported_at, updated_at)",
                              QuoteForMessage(value)));
    }
    query.sort = *sort;
    return {};
  }
  if (value != "asc" && value != "desc") {
    return Fail(ErrorCode::kInvalid, "query parameter \"order\" is asc or desc");
  }
  query.ascending = value == "asc";
  return {};
}

Status SetParameter(IncidentQuery& query, ListOrder& order, std::string_view name,
                    const std::string& value) {
  if ((name == "sort" || name == "order") && !value.empty()) return SetOrder(query, name, value);
  if (name == "sort" || name == "order") return {};
  if (name == "state") return SetFilter(query.state, name, value, ParseState);
  if (name == "category") return SetFilter(query.category, name, value, ParseCategory);
  if (name == "tlp") return SetFilter(query.tlp, name, value, ParseTlp);
  if (name == "lead") {
    query.lead = value;  // "" lists unassigned incidents
    return {};
  }
  if (name == "q") {
    if (value.size() > kMaxTitleBytes) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("search text is limited to {} bytes", kMaxTitleBytes));
    }
    query.text = value;
    return {};
  }
  if (name == "limit" && !value.empty()) {
    auto limit = ParsePositiveParameter(name, value, kMaxPageSize);
    if (!limit) return std::unexpected(limit.error());
    query.limit = static_cast<int>(*limit);
    return {};
  }
  if (name == "cursor") {
    order.cursor = value;  // read once sort and order are known
    return {};
  }
  if (name == "limit") return {};
  return Fail(ErrorCode::kInvalid,
              fmt::format("unknown query parameter {}", QuoteForMessage(name)));
}

// ?state=&category=&tlp=&lead=&q=&sort=&order=&limit=&cursor= → IncidentQuery. Unknown or repeated
// parameters are errors, so a typo never silently widens a search.
Result<IncidentQuery> ParseIncidentQuery(std::string_view query_string) {
  auto parameters = ParseQuery(query_string);
  if (!parameters) return std::unexpected(parameters.error());
  IncidentQuery query;
  ListOrder order;
  for (auto parameter = parameters->begin(); parameter != parameters->end(); ++parameter) {
    const auto& [name, value] = *parameter;
    auto same_name = [&name](const auto& other) { return other.first == name; };
    if (std::any_of(parameters->begin(), parameter, same_name)) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("query parameter {} is repeated", QuoteForMessage(name)));
    }
    if (auto ok = SetParameter(query, order, name, value); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (!order.cursor.empty()) {
    if (auto ok = ApplyIncidentCursor(query, order.cursor); !ok) {
      return std::unexpected(ok.error());
    }
  }
  return query;
}

// `lead` must name an existing account (or be "" to unassign).
Status CheckLead(Store& store, const std::optional<std::string>& lead) {
  if (!lead || lead->empty()) return {};
  auto user = store.GetUserByName(*lead);
  if (user) return {};
  if (user.error().code != ErrorCode::kNotFound) return std::unexpected(user.error());
  return Fail(ErrorCode::kInvalid, "field \"lead\": no user has that name");
}

}  // namespace

Result<ApiResponse> CreateIncident(HandlerContext& context) {
  auto input = ParseNewIncident(context.request.body);
  if (!input) return std::unexpected(input.error());
  auto made = MakeIncident(*input, context.now);
  if (!made) return std::unexpected(made.error());
  auto created = context.store.CreateIncident(std::move(made->first), made->second,
                                              context.principal->user.name);
  if (!created) return std::unexpected(created.error());
  ApiResponse response = IncidentResponse(201, created->first);
  response.headers.emplace_back("Location", fmt::format("/api/v1/incidents/{}", created->first.id));
  return response;
}

Result<ApiResponse> ListIncidents(HandlerContext& context) {
  auto query = ParseIncidentQuery(context.query);
  if (!query) return std::unexpected(query.error());
  auto page = context.store.ListIncidents(*query);
  if (!page) return std::unexpected(page.error());
  json items = json::array();
  for (const Incident& incident : page->items) items.push_back(IncidentToJson(incident));
  json next = page->next ? json(EncodeIncidentCursor(*query, *page->next)) : json(nullptr);
  return JsonResponse(200, DumpJson({{"items", std::move(items)}, {"next", std::move(next)}}));
}

Result<ApiResponse> GetIncident(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto incident = context.store.GetIncident(*id);
  if (!incident) return std::unexpected(incident.error());
  return IncidentResponse(200, *incident);
}

Result<ApiResponse> PatchIncident(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto request = ParseIncidentPatch(context.request.body);
  if (!request) return std::unexpected(request.error());
  if (auto ok = CheckLead(context.store, request->patch.lead); !ok) {
    return std::unexpected(ok.error());
  }
  Timestamp now = context.now;
  auto mutate = [&request, now](Incident& incident) -> Result<std::optional<WorkLogDraft>> {
    if (request->version && *request->version != incident.version) {
      return Fail(ErrorCode::kConflict,
                  fmt::format("the incident changed since version {} (now {}); reload and retry",
                              *request->version, incident.version));
    }
    return ApplyPatch(incident, request->patch, now);
  };
  auto result = context.store.MutateIncident(*id, mutate, context.principal->user.name, now);
  if (!result) return std::unexpected(result.error());
  return IncidentResponse(200, result->incident);
}

Result<ApiResponse> TransitionIncident(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  auto request = ParseTransition(context.request.body);
  if (!request) return std::unexpected(request.error());
  Timestamp now = context.now;
  auto mutate = [&request, now](Incident& incident) -> Result<std::optional<WorkLogDraft>> {
    auto draft = ApplyTransition(incident, request->to, request->note, request->reason, now);
    if (!draft) return std::unexpected(draft.error());
    return std::optional<WorkLogDraft>{std::move(*draft)};
  };
  auto result = context.store.MutateIncident(*id, mutate, context.principal->user.name, now);
  if (!result) return std::unexpected(result.error());
  return IncidentResponse(200, result->incident);
}

}  // namespace hikeshi::server
