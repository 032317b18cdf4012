#include "server/report_ingest.h"

#include <fmt/format.h>

#include <cstdio>

#include "core/sha256.h"
#include "intake/report_parser.h"

namespace hikeshi::server {
namespace {

// The parse of `report`'s raw bytes by its format.
Result<intake::ParsedReport> Parse(const Report& report) {
  intake::ReportParseOptions options{.received_at = report.received_at};
  if (report.format == "mail") return intake::ParseMailReport(report.raw, options);
  if (report.format == "xarf") return intake::ParseXarfReport(report.raw, options);
  return Fail(ErrorCode::kInvalid, fmt::format("no parser for format \"{}\"", report.format));
}

// Replaces what `report` says with `parsed`, keeping what arrived: id, channel, bytes, hash,
// time. The format becomes the parsed one when the parser knew better ("mail" → "arf").
void TakeParse(Report& report, Report parsed) {
  Report arrived = std::move(report);
  report = std::move(parsed);
  report.id = arrived.id;
  report.channel = std::move(arrived.channel);
  if (report.format.empty()) report.format = std::move(arrived.format);
  report.raw = std::move(arrived.raw);
  report.sha256 = std::move(arrived.sha256);
  report.received_at = arrived.received_at;
}

// Parses (unless the channel did) and triages `report`, whose raw bytes and identity are set.
void ParseAndTriage(Report& report, std::optional<Report> parsed, intake::EvidenceFacts facts,
                    const intake::TriagePolicy& policy) {
  if (parsed) {
    TakeParse(report, std::move(*parsed));
    intake::ExtractIndicatorsInto(report, report.received_at);
  } else if (auto result = Parse(report); result) {
    TakeParse(report, std::move(result->report));
    facts = result->facts;
  } else {
    report.anomalies.push_back("parse-failed: " + result.error().message);
    report.status = ReportStatus::kReceived;
    return;
  }
  intake::TriageReport(report, facts, policy);
}

Report RawReport(Arrival& arrival) {
  Report raw{.channel = std::move(arrival.channel),
             .format = std::move(arrival.format),
             .raw = std::move(arrival.raw),
             .received_at = arrival.received_at};
  raw.sha256 = Sha256Hex(raw.raw);
  return raw;
}

}  // namespace

Report PrepareReport(Arrival arrival, const intake::TriagePolicy& policy) {
  Report report = RawReport(arrival);
  ParseAndTriage(report, std::move(arrival.parsed), arrival.facts, policy);
  return report;
}

Result<Report> IngestReport(Store& store, Arrival arrival, const intake::TriagePolicy& policy,
                            const CoordinationOptions* coordination) {
  Report report = RawReport(arrival);
  Timestamp now = arrival.received_at;
  auto stored = store.AddReports({report});
  if (!stored) return std::unexpected(stored.error());
  report.id = stored->front().id;
  ParseAndTriage(report, std::move(arrival.parsed), arrival.facts, policy);
  auto updated = store.UpdateReport(std::move(report));  // raw bytes included: threading reads them
  if (!updated || coordination == nullptr) return updated;
  auto coordinated = CoordinateReport(store, *updated, *coordination, now);
  if (!coordinated) {
    std::fprintf(stderr, "hikeshi: coordination of report %lld failed: %s\n",
                 static_cast<long long>(updated->id), coordinated.error().message.c_str());
    return updated;
  }
  if (coordinated->incident_id) return store.GetReport(updated->id);  // now attached
  return updated;
}

BatchCoordination CoordinateBatch(Store& store, const std::vector<Report>& stored,
                                  const CoordinationOptions& coordination, Timestamp now) {
  BatchCoordination summary;
  for (const Report& report : stored) {
    auto coordinated = CoordinateReport(store, report, coordination, now);
    if (!coordinated) {
      std::fprintf(stderr, "hikeshi: coordination of report %lld failed: %s\n",
                   static_cast<long long>(report.id), coordinated.error().message.c_str());
      ++summary.failed;
      continue;
    }
    if (coordinated->incident_id) ++summary.joined;
  }
  return summary;
}

}  // namespace hikeshi::server
