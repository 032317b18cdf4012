#include "store/sqlite_report_rows.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "store/stored_lists.h"

namespace hikeshi::sqlite {
namespace {

// Every report column but id and the raw bytes, in the order of BindReport's parameters ?1 …
// and of ReadReport's columns 1 … (column 0 is the id).
constexpr std::string_view kReportFields[] = {"channel",
                                              "format",
                                              "sha256",
                                              "received_at",
                                              "reporter",
                                              "reporter_name",
                                              "subject",
                                              "message_id",
                                              "reference",
                                              "language",
                                              "text",
                                              "event_time",
                                              "consent",
                                              "anomalies",
                                              "status",
                                              "category",
                                              "rsit",
                                              "triage_rule",
                                              "not_incident_reason",
                                              "missing_evidence",
                                              "draft_reply",
                                              "incident_id",
                                              "duplicate_of",
                                              "repeats"};
constexpr int kReportFieldCount = static_cast<int>(std::size(kReportFields));

std::optional<std::string_view> OptionalName(const auto& value) {
  if (!value) return std::nullopt;
  return ToString(*value);
}

}  // namespace

int ReportFieldCount() { return kReportFieldCount; }

std::string_view ReportField(int index) { return kReportFields[index]; }

const std::string& ReportColumns() {
  static const std::string columns = [] {
    std::string joined = "id";
    for (std::string_view field : kReportFields) joined += fmt::format(", {}", field);
    return joined;
  }();
  return columns;
}

void BindReport(Statement& statement, const Report& report) {
  std::optional<int64_t> event_time;
  if (report.event_time) event_time = ToMicros(*report.event_time);
  statement.Bind(1, report.channel)
      .Bind(2, report.format)
      .Bind(3, report.sha256)
      .Bind(4, ToMicros(report.received_at))
      .Bind(5, report.reporter)
      .Bind(6, report.reporter_name)
      .Bind(7, report.subject)
      .Bind(8, report.message_id)
      .Bind(9, report.reference)
      .Bind(10, report.language)
      .Bind(11, report.text)
      .Bind(12, event_time)
      .Bind(13, int64_t{report.consent_to_share ? 1 : 0})
      .Bind(14, JoinLines(report.anomalies))
      .Bind(15, ToString(report.status))
      .Bind(16, OptionalName(report.category))
      .Bind(17, report.rsit)
      .Bind(18, report.triage_rule)
      .Bind(19, OptionalName(report.not_incident_reason))
      .Bind(20, JoinLines(report.missing_evidence))
      .Bind(21, report.draft_reply)
      .Bind(22, report.incident_id)
      .Bind(23, report.duplicate_of)
      .Bind(24, report.repeats);
}

Result<Report> ReadReport(const Statement& row) {
  Report report;
  report.id = row.Int(0);
  report.channel = row.Text(1);
  report.format = row.Text(2);
  report.sha256 = row.Text(3);
  report.received_at = FromMicros(row.Int(4));
  report.reporter = row.Text(5);
  report.reporter_name = row.Text(6);
  report.subject = row.Text(7);
  report.message_id = row.Text(8);
  report.reference = row.Text(9);
  report.language = row.Text(10);
  report.text = row.Text(11);
  if (auto micros = row.OptionalInt(12)) report.event_time = FromMicros(*micros);
  report.consent_to_share = row.Int(13) != 0;
  report.anomalies = SplitLines(row.Text(14));
  auto corrupt = [&](std::string_view column, const std::string& value) {
    return Fail(ErrorCode::kCorrupt,
                fmt::format("report {} has an unknown {} \"{}\"", report.id, column, value));
  };
  auto status = ParseReportStatus(row.Text(15));
  if (!status) return corrupt("status", row.Text(15));
  report.status = *status;
  if (!row.IsNull(16)) {
    report.category = ParseCategory(row.Text(16));
    if (!report.category) return corrupt("category", row.Text(16));
  }
  report.rsit = row.Text(17);
  report.triage_rule = row.Text(18);
  if (!row.IsNull(19)) {
    report.not_incident_reason = ParseNotIncidentReason(row.Text(19));
    if (!report.not_incident_reason) return corrupt("not_incident_reason", row.Text(19));
  }
  report.missing_evidence = SplitLines(row.Text(20));
  report.draft_reply = row.Text(21);
  report.incident_id = row.OptionalInt(22);
  report.duplicate_of = row.OptionalInt(23);
  report.repeats = row.Int(24);
  return report;
}

}  // namespace hikeshi::sqlite
