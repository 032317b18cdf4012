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

}  // namespace

Result<Report> IngestReport(Store& store, Arrival arrival, const intake::TriagePolicy& policy) {
  Report raw{.channel = std::move(arrival.channel),
             .format = std::move(arrival.format),
             .raw = std::move(arrival.raw),
             .received_at = arrival.received_at};
  raw.sha256 = Sha256Hex(raw.raw);
  auto stored = store.AddReports({raw});
  if (!stored) return std::unexpected(stored.error());

  Report report = arrival.parsed ? std::move(*arrival.parsed) : Report{};
  report.id = stored->front().id;
  report.channel = raw.channel;
  report.format = raw.format;
  report.sha256 = raw.sha256;
  report.received_at = raw.received_at;
  if (!arrival.parsed) {
    report.raw = std::move(raw.raw);
    if (auto parsed = Parse(report, arrival.facts); !parsed) {
      report.anomalies.push_back("parse-failed: " + parsed.error().message);
      report.status = ReportStatus::kReceived;
      return store.UpdateReport(std::move(report));
    }
  }
  intake::TriageReport(report, arrival.facts, policy);
  return store.UpdateReport(std::move(report));
}

}  // namespace hikeshi::server
