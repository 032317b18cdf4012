#include "server/report_json.h"

#include <fmt/format.h>

#include "core/incident.h"
#include "core/utf8.h"
#include "intake/ip_address.h"
#include "server/incident_json.h"
#include "server/public_attachments.h"

namespace hikeshi::server {
namespace {

ResponseJson StringOrNull(const std::string& text) {
  return text.empty() ? ResponseJson(nullptr) : ResponseJson(text);
}

template <typename T>
ResponseJson NameOrNull(const std::optional<T>& value) {
  return value ? ResponseJson(ToString(*value)) : ResponseJson(nullptr);
}

template <typename T>
ResponseJson IdOrNull(const std::optional<T>& value) {
  return value ? ResponseJson(*value) : ResponseJson(nullptr);
}

// Free text from a client: valid UTF-8, bounded.
Result<std::string> CheckText(std::string_view field, std::string text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("field \"{}\" is limited to {} bytes", field, max_bytes));
  }
  if (!IsValidUtf8(text)) {
    return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" is not valid UTF-8", field));
  }
  return text;
}

// Reads an optional string field and checks it as free text.
Result<std::string> Text(const FieldReader& reader, std::string_view field, size_t max_bytes,
                         bool required = false) {
  auto value = reader.OptionalString(field);
  if (!value) return std::unexpected(value.error());
  if (required && !*value) {
    return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" is required", field));
  }
  return CheckText(field, value->value_or(""), max_bytes);
}

// A plausible mail address: one '@' with text on both sides, no spaces, bounded.
bool LooksLikeMailAddress(std::string_view address) {
  size_t at = address.find('@');
  return address.size() <= 254 && at != std::string_view::npos && at > 0 &&
         at + 1 < address.size() && address.find('@', at + 1) == std::string_view::npos &&
         address.find_first_of(" \t\r\n<>") == std::string_view::npos;
}

}  // namespace

ResponseJson ReportToJson(const Report& report, bool with_text) {
  ResponseJson observables = ResponseJson::array();
  for (const Observable& observable : report.observables) {
    ResponseJson flags = ResponseJson::array();
    for (std::string_view flag : FlagNames(observable.flags)) flags.push_back(flag);
    observables.push_back(
        {{"kind", ToString(observable.kind)},
         {"value", observable.value},
         {"original", observable.original},
         {"flags", std::move(flags)},
         {"port", observable.port ? ResponseJson(*observable.port) : ResponseJson(nullptr)},
         {"registrable_domain", StringOrNull(observable.registrable_domain)}});
  }
  ResponseJson json{
      {"id", report.id},
      {"channel", report.channel},
      {"format", report.format},
      {"sha256", report.sha256},
      {"raw_bytes", report.raw.size()},
      {"received_at", FormatRfc3339(report.received_at)},
      {"reporter", report.reporter},
      {"reporter_name", StringOrNull(report.reporter_name)},
      {"subject", report.subject},
      {"message_id", StringOrNull(report.message_id)},
      {"reference", StringOrNull(report.reference)},
      {"language", StringOrNull(report.language)},
      {"event_time", TimeOrNull(report.event_time)},
      {"consent_to_share", report.consent_to_share},
      {"status", ToString(report.status)},
      {"category", NameOrNull(report.category)},
      {"rsit", StringOrNull(report.rsit)},
      {"triage_rule", StringOrNull(report.triage_rule)},
      {"not_incident_reason", NameOrNull(report.not_incident_reason)},
      {"missing_evidence", report.missing_evidence},
      {"draft_reply", StringOrNull(report.draft_reply)},
      {"incident_id", IdOrNull(report.incident_id)},
      {"duplicate_of", IdOrNull(report.duplicate_of)},
      {"repeats", report.repeats},
      {"anomalies", report.anomalies},
      {"observables", std::move(observables)},
  };
  if (with_text) json["text"] = report.text;
  return json;
}

Result<SubmittedReport> ParseReportJson(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object, {"reporter", "reporter_name", "subject", "text", "category",
                               "event_time", "reference", "consent", "language"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  SubmittedReport submitted;
  Report& report = submitted.report;
  auto reporter = Text(reader, "reporter", 320, /*required=*/true);
  if (!reporter) return std::unexpected(reporter.error());
  report.reporter = std::move(*reporter);
  auto text = Text(reader, "text", kMaxTextBytes * 16, /*required=*/true);
  if (!text) return std::unexpected(text.error());
  report.text = std::move(*text);
  for (auto [field, target, limit] :
       {std::tuple{"reporter_name", &report.reporter_name, size_t{200}},
        std::tuple{"subject", &report.subject, kMaxTitleBytes * 4},
        std::tuple{"reference", &report.reference, size_t{200}}}) {
    auto value = Text(reader, field, limit);
    if (!value) return std::unexpected(value.error());
    *target = std::move(*value);
  }
  auto category = OptionalName<Category>(reader, "category", ParseCategory);
  if (!category) return std::unexpected(category.error());
  report.category = *category;
  if (report.category) report.triage_rule = "category given by the submitter";
  auto event_time = OptionalName<Timestamp>(reader, "event_time", ParseRfc3339);
  if (!event_time) return std::unexpected(event_time.error());
  report.event_time = *event_time;
  auto consent = reader.OptionalBool("consent");
  if (!consent) return std::unexpected(consent.error());
  submitted.consent_stated = consent->has_value();
  report.consent_to_share = consent->value_or(false);
  auto language = reader.OptionalString("language");
  if (!language) return std::unexpected(language.error());
  if (*language && **language != "ja" && **language != "en") {
    return Fail(ErrorCode::kInvalid, "field \"language\" must be \"ja\" or \"en\"");
  }
  report.language = language->value_or("");
  return submitted;
}

Result<Report> ParsePublicReport(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(*object,
                     {"contact_email", "contact_name", "consent", "category", "description", "url",
                      "source_ip", "event_time", "logs", "attachments"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  Report report;
  auto email = Text(reader, "contact_email", 254, /*required=*/true);
  if (!email) return std::unexpected(email.error());
  if (!LooksLikeMailAddress(*email)) {
    return Fail(ErrorCode::kInvalid, "field \"contact_email\" must be a mail address");
  }
  report.reporter = std::move(*email);
  auto name = Text(reader, "contact_name", 200);
  if (!name) return std::unexpected(name.error());
  report.reporter_name = std::move(*name);
  auto consent = reader.OptionalBool("consent");
  if (!consent) return std::unexpected(consent.error());
  if (!*consent) {
    return Fail(ErrorCode::kInvalid,
                "field \"consent\" is required: may the report, with your contact, be passed "
                "to the parties concerned?");
  }
  report.consent_to_share = **consent;
  auto category = OptionalName<Category>(reader, "category", ParseCategory);
  if (!category) return std::unexpected(category.error());
  report.category = *category;
  if (report.category) report.triage_rule = "category chosen in the report form";
  auto event_time = OptionalName<Timestamp>(reader, "event_time", ParseRfc3339);
  if (!event_time) return std::unexpected(event_time.error());
  report.event_time = *event_time;
  auto description = Text(reader, "description", kMaxTextBytes, /*required=*/true);
  if (!description) return std::unexpected(description.error());
  report.text = std::move(*description);
  // The evidence fields are appended to the text, labelled, so extraction and readers see them.
  for (auto [field, label, limit] :
       {std::tuple{"url", "URL", size_t{4096}}, std::tuple{"source_ip", "Source IP", size_t{100}},
        std::tuple{"logs", "Logs", kMaxTextBytes * 4}}) {
    auto value = Text(reader, field, limit);
    if (!value) return std::unexpected(value.error());
    if (value->empty()) continue;
    if (std::string_view(field) == "url") {
      report.observables.push_back(
          {.kind = ObservableKind::kUrl, .value = *value, .original = *value});
    }
    if (std::string_view(field) == "source_ip") {
      auto ip = intake::IpObservable(*value);
      if (!ip) return Fail(ErrorCode::kInvalid, "field \"source_ip\" must be an IP address");
      report.observables.push_back(std::move(*ip));
    }
    bool multiline = value->find('\n') != std::string::npos;
    report.text += fmt::format("\n\n{}:{}{}", label, multiline ? "\n" : " ", *value);
  }
  if (reader.Has("attachments") && !reader.IsNull("attachments")) {
    auto attachments = ParsePublicAttachments((*object)["attachments"]);
    if (!attachments) return std::unexpected(attachments.error());
    report.text += DescribeAttachments(*attachments);
  }
  report.subject = report.category
                       ? fmt::format("Report form: {}", Describe(*report.category).label_en)
                       : "Report form";
  return report;
}

Result<TriageAction> ParseTriageAction(std::string_view body) {
  auto object = ParseJsonObject(body);
  if (!object) return std::unexpected(object.error());
  FieldReader reader(
      *object, {"action", "incident_id", "reason", "note", "title", "severity", "tlp", "reply"});
  if (auto ok = reader.CheckUnknown(); !ok) return std::unexpected(ok.error());
  TriageAction action;
  auto kind = reader.RequiredString("action");
  if (!kind) return std::unexpected(kind.error());
  if (*kind == "new-incident") {
    action.kind = TriageAction::Kind::kNewIncident;
  } else if (*kind == "attach") {
    action.kind = TriageAction::Kind::kAttach;
  } else if (*kind == "not-an-incident") {
    action.kind = TriageAction::Kind::kNotIncident;
  } else if (*kind == "ask-info") {
    action.kind = TriageAction::Kind::kAskInfo;
  } else {
    return Fail(ErrorCode::kInvalid,
                fmt::format("field \"action\": unknown value {} (new-incident, attach, "
                            "not-an-incident, ask-info)",
                            QuoteForMessage(*kind)));
  }
  auto incident_id = reader.OptionalInteger("incident_id");
  if (!incident_id) return std::unexpected(incident_id.error());
  action.incident_id = *incident_id;
  auto reason = OptionalName<NotIncidentReason>(reader, "reason", ParseNotIncidentReason);
  if (!reason) return std::unexpected(reason.error());
  action.reason = *reason;
  auto note = Text(reader, "note", kMaxTextBytes);
  if (!note) return std::unexpected(note.error());
  action.note = std::move(*note);
  auto title = reader.OptionalString("title");
  if (!title) return std::unexpected(title.error());
  action.title = *title;
  auto severity = OptionalName<Severity>(reader, "severity", ParseSeverity);
  if (!severity) return std::unexpected(severity.error());
  action.severity = *severity;
  auto tlp = OptionalName<Tlp>(reader, "tlp", ParseTlp);
  if (!tlp) return std::unexpected(tlp.error());
  action.tlp = *tlp;
  auto reply = reader.OptionalString("reply");
  if (!reply) return std::unexpected(reply.error());
  action.reply = *reply;

  if (action.kind == TriageAction::Kind::kAttach && !action.incident_id) {
    return Fail(ErrorCode::kInvalid, "action \"attach\" needs \"incident_id\"");
  }
  if (action.kind == TriageAction::Kind::kNotIncident && !action.reason) {
    return Fail(ErrorCode::kInvalid, "action \"not-an-incident\" needs \"reason\"");
  }
  return action;
}

}  // namespace hikeshi::server
