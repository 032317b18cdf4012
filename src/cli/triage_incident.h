// `hikeshi triage … --incident ID`: what a triage run leaves in the incident record.
//
//  - The findings go on the incident's timeline: one work-log entry of action "finding" per
//    finding (correlations first, then by level, then in timeline order), at most
//    kMaxFindingEntries, then one entry counting the rest by rule. Each is appended through
//    Store::MutateIncident, so the hash chain covers them like any other action.
//  - Findings about an external source address (an IPv4/IPv6 address that is not private,
//    loopback, link-local, documentation, multicast, CGNAT or reserved) become Reports of
//    channel "triage", one per (address, category), at most kMaxReports: the address is the
//    observable, the category comes from the rule's ATT&CK tags (TriageCategory), the text
//    lists the findings and quotes the log lines behind them: the lines any detection rule
//    matched (the run's timeline) that name the address, else the findings' own lines (at
//    most kMaxEvidenceLines lines of at most kMaxEvidenceLineBytes each). They go through intake's
//    preparation (server::PrepareReport: indicator extraction, triage) and are stored with
//    AddReports, as a bulk import does, so correlation by observable sees them like any other
//    report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/category.h"
#include "core/error.h"
#include "intake/report_triage.h"
#include "store/store.h"
#include "triage/finding.h"
#include "triage/triage_run.h"

namespace hikeshi::cli {

inline constexpr size_t kMaxFindingEntries = 500;
inline constexpr size_t kMaxReports = 1000;
inline constexpr size_t kMaxEvidenceLines = 20;
inline constexpr size_t kMaxEvidenceLineBytes = 2048;

struct TriageAttachment {
  size_t entries = 0;            // work-log entries appended (findings and the summary)
  std::vector<int64_t> reports;  // ids of the reports stored
  size_t sources_skipped = 0;    // findings about external sources beyond kMaxReports
};

// The JPCERT/CC category a rule's findings belong to, from its tags: a login after failures
// (t1078), web shells (t1505.003) and exploitation (t1190) are intrusions, t1491 defacement,
// brute force and password spraying (t1110), scanning and discovery (t1046, t1595,
// reconnaissance, discovery) scans; anything else kOther.
Category TriageCategory(const std::vector<std::string>& tags);

// The finding's source address when it is external (see above), canonical; nullopt otherwise.
std::optional<std::string> ExternalSource(const triage::Finding& finding);

// The log line at `offset` in `path` (a plain file; gzip and unreadable files give nullopt),
// without its line end, cut at kMaxEvidenceLineBytes.
std::optional<std::string> ReadLogLine(const std::string& path, uint64_t offset);

// Appends the findings to incident `incident_id` and files the reports. kNotFound when the
// incident does not exist (checked before anything is written).
Result<TriageAttachment> AttachTriage(Store& store, int64_t incident_id,
                                      const triage::TriageResult& result,
                                      std::string_view responder,
                                      const intake::TriagePolicy& policy);

}  // namespace hikeshi::cli
