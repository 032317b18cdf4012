#include "server/report_ingest.h"

#include <fmt/format.h>

#include "core/sha256.h"

namespace hikeshi::server {
namespace {

// Fills the parsed fields of `report` from its raw bytes, by format.
Status Parse(Report& report, intake::EvidenceFacts& facts) {
  (void)facts;
  return Fail(ErrorCode::kInvalid, fmt::format("no parser for format \"{}\"", report.format));
}

// Parses (unless the channel did) and triages `report`, whose raw bytes and identity are set.
void ParseAndTriage(Report& report, std::optional<Report> parsed, intake::EvidenceFacts facts,
                    const intake::TriagePolicy& policy) {
  if (parsed) {
    // What arrived (identity, bytes, hash) stays; everything else is the channel's parse.
    Report arrived = std::move(report);
    report = std::move(*parsed);
    report.id = arrived.id;
    report.channel = std::move(arrived.channel);
    report.format = std::move(arrived.format);
    report.raw = std::move(arrived.raw);
    report.sha256 = std::move(arrived.sha256);
    report.received_at = arrived.received_at;
  } else if (auto ok = Parse(report, facts); !ok) {
    report.anomalies.push_back("parse-failed: " + ok.error().message);
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

Result<Report> IngestReport(Store& store, Arrival arrival, const intake::TriagePolicy& policy) {
  Report report = RawReport(arrival);
  auto stored = store.AddReports({report});
  if (!stored) return std::unexpected(stored.error());
  report.id = stored->front().id;
  ParseAndTriage(report, std::move(arrival.parsed), arrival.facts, policy);
  return store.UpdateReport(std::move(report));
}

}  // namespace hikeshi::server
