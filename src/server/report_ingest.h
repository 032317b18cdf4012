// The one path every channel takes into the record (API, public form, mail pipe, IMAP): the
// bytes are stored first with their SHA-256, so nothing that arrived is lost to a later
// failure; then they are parsed by format, indicators extracted, the report triaged
// (doc/report_triage.md) and the result stored over the raw row.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/report.h"
#include "core/time.h"
#include "intake/report_triage.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

struct Arrival {
  std::string channel;  // "api", "form", "mail", "imap"
  std::string format;   // "mail", "json", "form"
  std::string raw;      // the bytes as received
  Timestamp received_at;
  // Set when the channel has parsed the bytes already (JSON bodies are validated before
  // anything is stored, so a malformed request stores nothing).
  std::optional<Report> parsed;
  intake::EvidenceFacts facts;
};

// Parses and triages `arrival` without storing it: for bulk imports, which store a batch in one
// transaction (their source files stay on disk, so nothing is lost if storing fails).
Report PrepareReport(Arrival arrival, const intake::TriagePolicy& policy);

// Stores, parses, triages and stores again. A parse failure is not an error: the report stays
// in status received with the failure among its anomalies. Errors are the store's. With
// `coordination`, the stored report is then correlated and threaded (coordination.h); a
// coordination failure is logged to stderr, never lost: the report is stored either way.
Result<Report> IngestReport(Store& store, Arrival arrival, const intake::TriagePolicy& policy,
                            const CoordinationOptions* coordination = nullptr);

// What coordinating a committed batch did.
struct BatchCoordination {
  int64_t joined = 0;  // reports that joined or opened an incident (replies included)
  int64_t failed = 0;  // coordination failures, each printed to stderr
};

// Coordination for the reports of a bulk import after their batch was committed (the mailbox
// and feed importers): CoordinateReport for each, in the order stored, as IngestReport does for
// one report. A failure is printed and counted and the next report goes on; the reports are
// stored either way.
BatchCoordination CoordinateBatch(Store& store, const std::vector<Report>& stored,
                                  const CoordinationOptions& coordination, Timestamp now);

}  // namespace hikeshi::server
