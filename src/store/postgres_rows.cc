#include "store/postgres_rows.h"

#include <fmt/format.h>

#include "core/category.h"
#include "core/lifecycle.h"
#include "core/severity.h"
#include "core/tlp.h"
#include "store/sqlite_report_rows.h"
#include "store/sqlite_rows.h"
#include "store/stored_lists.h"

namespace hikeshi::postgres {
namespace {

std::string Text(const pqxx::field& field) {
  return field.is_null() ? "" : field.as<std::string>();
}
int64_t Int(const pqxx::field& field) { return field.is_null() ? 0 : field.as<int64_t>(); }
std::optional<int64_t> OptionalInt(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<int64_t>();
}
std::optional<Timestamp> OptionalTime(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return FromMicros(field.as<int64_t>());
}
std::optional<int64_t> OptionalMicros(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return ToMicros(*at);
}
std::optional<std::string> OptionalName(const auto& value) {
  if (!value) return std::nullopt;
  return std::string(ToString(*value));
}

template <typename Parse>
auto ParseStored(Parse parse, const std::string& name, std::string_view column, int64_t id)
    -> Result<typename decltype(parse(name))::value_type> {
  auto value = parse(name);
  if (!value) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("row {} has an unknown {} \"{}\"", id, column, name));
  }
  return *value;
}

constexpr std::string_view kIncidentFields[] = {
    "title",        "description",  "category",   "severity",
    "tlp",          "state",        "lead",       "not_incident_reason",
    "reported_at",  "created_at",   "updated_at", "acknowledged_at",
    "contained_at", "recovered_at", "closed_at",  "version",
    "log_count",    "log_head"};

}  // namespace

const std::string& InsertIncidentSql() {
  static const std::string sql = [] {
    std::string names, values;
    int number = 0;
    for (std::string_view field : kIncidentFields) {
      names += fmt::format("{}, ", field);
      values += fmt::format("${}, ", ++number);
    }
    return fmt::format("INSERT INTO incidents ({}id) VALUES ({}${})", names, values, number + 1);
  }();
  return sql;
}

const std::string& UpdateIncidentSql() {
  static const std::string sql = [] {
    std::string sets;
    int number = 0;
    for (std::string_view field : kIncidentFields) {
      if (number > 0) sets += ", ";
      sets += fmt::format("{} = ${}", field, ++number);
    }
    return fmt::format("UPDATE incidents SET {} WHERE id = ${}", sets, number + 1);
  }();
  return sql;
}

Result<IncidentRow> ReadIncident(const pqxx::row& row) {
  IncidentRow result;
  Incident& incident = result.incident;
  incident.id = Int(row[0]);
  incident.title = Text(row[1]);
  incident.description = Text(row[2]);
  auto category = ParseStored(ParseCategory, Text(row[3]), "incident category", incident.id);
  auto severity = ParseStored(ParseSeverity, Text(row[4]), "incident severity", incident.id);
  auto tlp = ParseStored(ParseTlp, Text(row[5]), "incident tlp", incident.id);
  auto state = ParseStored(ParseState, Text(row[6]), "incident state", incident.id);
  if (!category) return std::unexpected(category.error());
  if (!severity) return std::unexpected(severity.error());
  if (!tlp) return std::unexpected(tlp.error());
  if (!state) return std::unexpected(state.error());
  incident.category = *category;
  incident.severity = *severity;
  incident.tlp = *tlp;
  incident.state = *state;
  incident.lead = Text(row[7]);
  if (!row[8].is_null()) {
    auto reason = ParseStored(ParseNotIncidentReason, Text(row[8]), "incident not_incident_reason",
                              incident.id);
    if (!reason) return std::unexpected(reason.error());
    incident.not_incident_reason = *reason;
  }
  incident.reported_at = FromMicros(Int(row[9]));
  incident.created_at = FromMicros(Int(row[10]));
  incident.updated_at = FromMicros(Int(row[11]));
  incident.acknowledged_at = OptionalTime(row[12]);
  incident.contained_at = OptionalTime(row[13]);
  incident.recovered_at = OptionalTime(row[14]);
  incident.closed_at = OptionalTime(row[15]);
  incident.version = Int(row[16]);
  result.log_count = Int(row[17]);
  result.log_head = Text(row[18]);
  return result;
}

void AddIncidentFields(Params& params, const IncidentRow& row) {
  const Incident& incident = row.incident;
  params.Add(incident.title)
      .Add(incident.description)
      .Add(ToString(incident.category))
      .Add(ToString(incident.severity))
      .Add(ToString(incident.tlp))
      .Add(ToString(incident.state))
      .Add(incident.lead)
      .Add(OptionalName(incident.not_incident_reason))
      .Add(incident.reported_at)
      .Add(incident.created_at)
      .Add(incident.updated_at)
      .Add(OptionalMicros(incident.acknowledged_at))
      .Add(OptionalMicros(incident.contained_at))
      .Add(OptionalMicros(incident.recovered_at))
      .Add(OptionalMicros(incident.closed_at))
      .Add(incident.version)
      .Add(row.log_count)
      .Add(row.log_head);
}

WorkLogEntry ReadWorkLogEntry(const pqxx::row& row) {
  return WorkLogEntry{.incident_id = Int(row[0]),
                      .seq = Int(row[1]),
                      .at = FromMicros(Int(row[2])),
                      .responder = Text(row[3]),
                      .action = Text(row[4]),
                      .text = Text(row[5]),
                      .prev_hash = Text(row[6]),
                      .hash = Text(row[7])};
}

void AddWorkLogEntry(Params& params, const WorkLogEntry& entry) {
  params.Add(entry.incident_id)
      .Add(entry.seq)
      .Add(entry.at)
      .Add(entry.responder)
      .Add(entry.action)
      .Add(entry.text)
      .Add(entry.prev_hash)
      .Add(entry.hash);
}

Result<User> ReadUser(const pqxx::row& row) {
  User user;
  user.id = Int(row[0]);
  user.name = Text(row[1]);
  auto role = ParseStored(ParseRole, Text(row[2]), "user role", user.id);
  if (!role) return std::unexpected(role.error());
  user.role = *role;
  user.password_hash = Text(row[3]);
  user.disabled = Int(row[4]) != 0;
  user.created_at = FromMicros(Int(row[5]));
  return user;
}

Session ReadSession(const pqxx::row& row) {
  return Session{.id_hash = Text(row[0]),
                 .user_id = Int(row[1]),
                 .csrf_token = Text(row[2]),
                 .created_at = FromMicros(Int(row[3])),
                 .expires_at = FromMicros(Int(row[4]))};
}

Result<Report> ReadReport(const pqxx::row& row) {
  Report report;
  report.id = Int(row[0]);
  report.channel = Text(row[1]);
  report.format = Text(row[2]);
  report.sha256 = Text(row[3]);
  report.received_at = FromMicros(Int(row[4]));
  report.reporter = Text(row[5]);
  report.reporter_name = Text(row[6]);
  report.subject = Text(row[7]);
  report.message_id = Text(row[8]);
  report.reference = Text(row[9]);
  report.language = Text(row[10]);
  report.text = Text(row[11]);
  if (auto micros = OptionalInt(row[12])) report.event_time = FromMicros(*micros);
  report.consent_to_share = Int(row[13]) != 0;
  report.anomalies = SplitLines(Text(row[14]));
  auto corrupt = [&](std::string_view column, const std::string& value) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("report {} has an unknown {} \"{}\"", report.id, column, value));
  };
  auto status = ParseReportStatus(Text(row[15]));
  if (!status) return corrupt("status", Text(row[15]));
  report.status = *status;
  if (!row[16].is_null()) {
    report.category = ParseCategory(Text(row[16]));
    if (!report.category) return corrupt("category", Text(row[16]));
  }
  report.rsit = Text(row[17]);
  report.triage_rule = Text(row[18]);
  if (!row[19].is_null()) {
    report.not_incident_reason = ParseNotIncidentReason(Text(row[19]));
    if (!report.not_incident_reason) return corrupt("not_incident_reason", Text(row[19]));
  }
  report.missing_evidence = SplitLines(Text(row[20]));
  report.draft_reply = Text(row[21]);
  report.incident_id = OptionalInt(row[22]);
  report.duplicate_of = OptionalInt(row[23]);
  report.repeats = Int(row[24]);
  return report;
}

void AddReportFields(Params& params, const Report& report) {
  std::optional<int64_t> event_time;
  if (report.event_time) event_time = ToMicros(*report.event_time);
  params.Add(report.channel)
      .Add(report.format)
      .Add(report.sha256)
      .Add(report.received_at)
      .Add(report.reporter)
      .Add(report.reporter_name)
      .Add(report.subject)
      .Add(report.message_id)
      .Add(report.reference)
      .Add(report.language)
      .Add(report.text)
      .Add(event_time)
      .Add(int64_t{report.consent_to_share ? 1 : 0})
      .Add(JoinLines(report.anomalies))
      .Add(ToString(report.status))
      .Add(OptionalName(report.category))
      .Add(report.rsit)
      .Add(report.triage_rule)
      .Add(OptionalName(report.not_incident_reason))
      .Add(JoinLines(report.missing_evidence))
      .Add(report.draft_reply)
      .Add(report.incident_id)
      .Add(report.duplicate_of)
      .Add(report.repeats);
}

}  // namespace hikeshi::postgres
