// /reports, /observables and /public/reports: taking reports in, the inbox, triage actions, and
// "everything mentioning this value".
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/incident.h"
#include "intake/report_parser.h"
#include "server/api.h"
#include "server/handlers.h"
#include "server/incident_id.h"
#include "server/incident_json.h"
#include "server/login_limiter.h"
#include "server/query_string.h"
#include "server/report_ingest.h"
#include "server/report_json.h"

namespace hikeshi::server {
namespace {

ApiResponse ReportResponse(int status, const Report& report) {
  return JsonResponse(status, DumpJson(ReportToJson(report, /*with_text=*/true)));
}

bool ContentTypeIs(std::string_view content_type, std::string_view wanted) {
  std::string_view base = content_type.substr(0, content_type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return std::equal(base.begin(), base.end(), wanted.begin(), wanted.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

// ?status=&category=&q=&incident=&limit=&cursor= → ReportQuery; unknown or repeated parameters are
// errors.
Result<ReportQuery> ParseReportQuery(std::string_view query_string) {
  auto parameters = ParseQuery(query_string);
  if (!parameters) return std::unexpected(parameters.error());
  ReportQuery query;
  for (auto parameter = parameters->begin(); parameter != parameters->end(); ++parameter) {
    const auto& [name, value] = *parameter;
    if (std::any_of(parameters->begin(), parameter,
                    [&](const auto& other) { return other.first == name; })) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("query parameter {} is repeated", QuoteForMessage(name)));
    }
    if (value.empty()) continue;
    if (name == "status") {
      query.status = ParseReportStatus(value);
      if (!query.status) {
        return Fail(ErrorCode::kInvalid, fmt::format("query parameter \"status\": unknown value {}",
                                                     QuoteForMessage(value)));
      }
    } else if (name == "category") {
      query.category = ParseCategory(value);
      if (!query.category) {
        return Fail(
            ErrorCode::kInvalid,
            fmt::format("query parameter \"category\": unknown value {}", QuoteForMessage(value)));
      }
    } else if (name == "q") {
      if (value.size() > 2048)
        return Fail(ErrorCode::kInvalid, "search text is limited to 2048 bytes");
      query.text = value;
    } else if (name == "limit") {
      auto limit = ParsePositiveParameter(name, value, kMaxPageSize);
      if (!limit) return std::unexpected(limit.error());
      query.limit = static_cast<int>(*limit);
    } else if (name == "cursor") {
      auto cursor = ParsePositiveParameter(name, value, INT64_MAX);
      if (!cursor) return std::unexpected(cursor.error());
      query.before_id = *cursor;
    } else if (name == "incident") {
      auto incident = ParsePositiveParameter(name, value, INT64_MAX);
      if (!incident) return std::unexpected(incident.error());
      query.incident_id = *incident;
    } else {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("unknown query parameter {}", QuoteForMessage(name)));
    }
  }
  return query;
}

Result<Report> LoadReport(HandlerContext& context) {
  auto id = ParseIncidentId(context.parameters.Get("id"));
  if (!id) return std::unexpected(id.error());
  return context.store.GetReport(*id);
}

// What the work log says about a report: its id and the hash of what arrived.
std::string Cite(const Report& report) {
  return fmt::format("report #{} from {} (SHA-256 {})", report.id,
                     report.reporter.empty() ? "an unknown reporter" : report.reporter,
                     report.sha256.substr(0, 16));
}

}  // namespace

Result<ApiResponse> SubmitReport(HandlerContext& context) {
  const ApiRequest& request = context.request;
  Arrival arrival{.channel = "api", .raw = request.body, .received_at = context.now};
  if (ContentTypeIs(request.content_type, "message/rfc822")) {
    arrival.format = "mail";
  } else if (ContentTypeIs(request.content_type, "application/json") &&
             intake::LooksLikeXarfJson(request.body)) {
    arrival.format = "xarf";
  } else if (ContentTypeIs(request.content_type, "application/json")) {
    auto submitted = ParseReportJson(request.body);
    if (!submitted) return std::unexpected(submitted.error());
    arrival.format = "json";
    arrival.parsed = std::move(submitted->report);
    arrival.facts.consent_stated = submitted->consent_stated;
  } else {
    return Fail(ErrorCode::kInvalid,
                "Content-Type must be message/rfc822 (a mail) or application/json");
  }
  if (request.body.empty()) return Fail(ErrorCode::kInvalid, "the report is empty");
  auto report = IngestReport(context.store, std::move(arrival), context.options.triage,
                             &context.options.coordination);
  if (!report) return std::unexpected(report.error());
  ApiResponse response = ReportResponse(201, *report);
  response.headers.emplace_back("Location", fmt::format("/api/v1/reports/{}", report->id));
  return response;
}

Result<ApiResponse> ListReports(HandlerContext& context) {
  auto query = ParseReportQuery(context.query);
  if (!query) return std::unexpected(query.error());
  auto page = context.store.ListReports(*query);
  if (!page) return std::unexpected(page.error());
  ResponseJson items = ResponseJson::array();
  for (const Report& report : page->items) items.push_back(ReportToJson(report, false));
  ResponseJson body{
      {"items", std::move(items)},
      {"next", page->next_before_id ? ResponseJson(std::to_string(*page->next_before_id))
                                    : ResponseJson(nullptr)}};
  return JsonResponse(200, DumpJson(body));
}

Result<ApiResponse> GetReport(HandlerContext& context) {
  auto report = LoadReport(context);
  if (!report) return std::unexpected(report.error());
  return ReportResponse(200, *report);
}

Result<ApiResponse> GetReportRaw(HandlerContext& context) {
  auto report = LoadReport(context);
  if (!report) return std::unexpected(report.error());
  ApiResponse response;
  response.status = 200;
  // Never rendered by a browser: it is evidence, possibly hostile HTML.
  response.content_type = "application/octet-stream";
  response.body = std::move(report->raw);
  response.headers.emplace_back("Content-Disposition",
                                fmt::format("attachment; filename=\"report-{}.{}\"", report->id,
                                            report->format == "mail" ? "eml" : "txt"));
  response.headers.emplace_back("X-Content-SHA256", report->sha256);
  return response;
}

Result<ApiResponse> TriageReportAction(HandlerContext& context) {
  auto action = ParseTriageAction(context.request.body);
  if (!action) return std::unexpected(action.error());
  auto report = LoadReport(context);
  if (!report) return std::unexpected(report.error());
  const std::string& responder = context.principal->user.name;
  std::optional<Incident> incident;
  switch (action->kind) {
    case TriageAction::Kind::kNewIncident: {
      NewIncident input{.title = action->title.value_or(
                            report->subject.empty() ? fmt::format("Report #{}", report->id)
                                                    : report->subject.substr(0, kMaxTitleBytes)),
                        .description = report->text.substr(0, kMaxTextBytes),
                        .category = report->category.value_or(Category::kOther),
                        .severity = action->severity.value_or(Severity::kMedium),
                        .tlp = action->tlp.value_or(Tlp::kAmber),
                        .reported_at = std::min(report->received_at, context.now)};
      auto made = MakeIncident(input, context.now);
      if (!made) return std::unexpected(made.error());
      made->second.text += fmt::format(" from {}", Cite(*report));
      if (!action->note.empty()) made->second.text += ": " + action->note;
      auto created = context.store.CreateIncident(std::move(made->first), made->second, responder);
      if (!created) return std::unexpected(created.error());
      incident = std::move(created->first);
      break;
    }
    case TriageAction::Kind::kAttach: {
      std::string text = fmt::format("Attached {}", Cite(*report));
      if (!action->note.empty()) text += ": " + action->note;
      auto note = MakeNote(text);
      if (!note) return std::unexpected(note.error());
      auto mutated = context.store.MutateIncident(
          *action->incident_id,
          [&](Incident&) -> Result<std::optional<WorkLogDraft>> { return *note; }, responder,
          context.now);
      if (!mutated) return std::unexpected(mutated.error());
      incident = std::move(mutated->incident);
      break;
    }
    case TriageAction::Kind::kNotIncident:
      report->status = ReportStatus::kNotIncident;
      report->not_incident_reason = action->reason;
      report->incident_id.reset();
      break;
    case TriageAction::Kind::kAskInfo:
      report->status = ReportStatus::kNeedsInfo;
      if (action->reply) report->draft_reply = *action->reply;
      break;
  }
  if (incident) {
    report->status = ReportStatus::kAccepted;
    report->incident_id = incident->id;
    report->not_incident_reason.reset();
  }
  report->triage_rule = fmt::format("{} by {}", ToString(report->status), responder);
  if (!action->note.empty()) report->triage_rule += ": " + action->note.substr(0, 200);
  auto updated = context.store.UpdateReport(std::move(*report));
  if (!updated) return std::unexpected(updated.error());
  ResponseJson body{{"report", ReportToJson(*updated, true)},
                    {"incident", incident ? IncidentToJson(*incident) : ResponseJson(nullptr)}};
  return JsonResponse(200, DumpJson(body));
}

Result<ApiResponse> FindObservable(HandlerContext& context) {
  auto parameters = ParseQuery(context.query);
  if (!parameters) return std::unexpected(parameters.error());
  std::string value;
  for (const auto& [name, text] : *parameters) {
    if (name != "q") {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("unknown query parameter {}", QuoteForMessage(name)));
    }
    value = text;
  }
  if (value.empty() || value.size() > 2048) {
    return Fail(ErrorCode::kInvalid, "query parameter \"q\" is required (at most 2048 bytes)");
  }
  value = intake::NormalizeLookup(value);
  auto sightings = context.store.FindObservable(value, kMaxPageSize);
  if (!sightings) return std::unexpected(sightings.error());
  ResponseJson body{{"value", value},
                    {"report_ids", sightings->report_ids},
                    {"incident_ids", sightings->incident_ids}};
  return JsonResponse(200, DumpJson(body));
}

Result<ApiResponse> SubmitPublicReport(HandlerContext& context) {
  const std::string& address = context.request.remote_address;
  if (auto wait = context.public_report_limiter.RetryAfter("", address, context.now)) {
    return Fail(
        ErrorCode::kRateLimited,
        fmt::format("too many reports from this address; try again in {} seconds", wait->count()));
  }
  auto parsed = ParsePublicReport(context.request.body);
  if (!parsed) return std::unexpected(parsed.error());
  context.public_report_limiter.RecordFailure("", address, context.now);
  Arrival arrival{.channel = "form",
                  .format = "form",
                  .raw = context.request.body,
                  .received_at = context.now,
                  .parsed = std::move(*parsed),
                  .facts = {.consent_stated = true}};
  auto report = IngestReport(context.store, std::move(arrival), context.options.triage,
                             &context.options.coordination);
  if (!report) return std::unexpected(report.error());
  // The reporter sees a receipt, not the triage: the number to quote and what happens next.
  ResponseJson body{{"id", report->id},
                    {"sha256", report->sha256},
                    {"received_at", FormatRfc3339(report->received_at)},
                    {"status", ToString(report->status)},
                    {"missing_evidence", ResponseJson(report->missing_evidence)}};
  return JsonResponse(201, DumpJson(body));
}

}  // namespace hikeshi::server
