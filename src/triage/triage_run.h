// The triage pipeline: log files in, findings out (what `hikeshi triage` runs; no printing).
//
// RunTriage expands the paths (directories recursed, every regular file, sorted by path),
// compiles the rules (built-ins, plus a rule directory when given), reads each file with the
// log driver (LogFile), matches every event with one SigmaMatcher and feeds one
// SigmaCorrelator in read order: files in sorted path order, lines in file order. Correlation
// windows run on event time, so files should be given oldest first when a burst spans them.
//
// Memory is bounded whatever the input size: events are never kept. What is kept is the
// findings (at most max_findings; beyond, counted in findings_dropped; beyond
// finding_memory_bytes in a temporary file, see FindingStore) and a timeline of the
// events any detection rule matched, quiet ones included (at most max_timeline entries). Rules
// the engine refused are listed in compile_report, never dropped silently; files that cannot
// be read (unknown format, I/O error) are listed in skipped and the run goes on. A finding on
// one event also carries the event's client address (src_ip, c-ip) among its matched fields
// when the rule did not name it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "triage/anomaly.h"
#include "triage/finding.h"
#include "triage/finding_store.h"
#include "triage/log_format.h"
#include "triage/sigma_engine.h"

namespace hikeshi::triage {

struct TriageProgress {
  size_t files_done = 0;
  size_t files_total = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;  // on-disk sizes (compressed for gzip)
};

struct TriageOptions {
  std::optional<std::filesystem::path> rules;  // a rule file or directory, added to the built-ins
  bool builtin_rules = true;                   // false: only `rules`
  std::optional<LogFormat> format;             // nullopt: detect per file
  // Threads matching a large plain file's chunks in parallel (gzip and W3C files, and files
  // under two chunks, are read on the calling thread). Results are identical to threads = 1:
  // the correlator still sees the events in file order.
  int threads = 1;
  uint64_t chunk_bytes = 2 << 20;  // size of a parallel chunk (small in tests)
  size_t max_findings = 1'000'000;
  // Findings beyond this (estimated heap bytes; 16 MiB) are spilled to a temporary file in sorted
  // runs and merged when read (finding_store.h): memory stays flat however many there are.
  size_t finding_memory_bytes = FindingStore::kDefaultMemoryBytes;
  size_t max_timeline = 100'000;
  // A correlation whose group-by values are all empty (e.g. failures whose source is a host
  // name, not an address, grouped by src_ip) names no source; such findings are counted in
  // empty_group_findings instead of reported, as query backends drop null group-by values.
  bool drop_empty_groups = true;
  // Called after each file (may be empty).
  std::function<void(const TriageProgress&)> progress;
};

// One event some detection rule matched (reported or quiet).
struct TimelineEntry {
  std::optional<Timestamp> time;
  std::string source;
  uint64_t offset = 0;
  std::vector<std::string> rule_ids;  // ids of the detection rules it matched, ascending index
};

struct SkippedFile {
  std::string path;
  std::string reason;
};

struct TriageResult {
  // Read back sorted by (time, source, offset, rule id), no time first (FindingOrder); kept
  // in bounded memory, the rest in a temporary file (see FindingStore).
  FindingStore findings;
  uint64_t findings_dropped = 0;        // beyond max_findings
  std::vector<TimelineEntry> timeline;  // in read order
  uint64_t timeline_dropped = 0;        // beyond max_timeline
  SigmaCompileReport compile_report;    // rule counts and every refused rule with its reason
  std::vector<SkippedFile> skipped;
  uint64_t files = 0;  // files read
  uint64_t bytes = 0;  // bytes read (decompressed)
  uint64_t lines = 0;
  uint64_t events = 0;
  double seconds = 0;  // wall time of the reading and matching
  double events_per_second = 0;
  AnomalyCounts anomalies;
  uint64_t evicted_groups = 0;        // correlation groups dropped to respect the limits
  uint64_t empty_group_findings = 0;  // see TriageOptions::drop_empty_groups
};

// Every regular file under `paths` (a file stands for itself), sorted, duplicates removed.
// kNotFound when a path does not exist.
Result<std::vector<std::filesystem::path>> ExpandTriagePaths(
    std::span<const std::filesystem::path> paths);

// Runs the pipeline. Errors: a missing path, an unreadable rule path, an engine failure, or
// no rule at all; everything else is reported in the result.
Result<TriageResult> RunTriage(std::span<const std::filesystem::path> paths,
                               const TriageOptions& options);

// The order findings are reported in: time (none first), source, offset, rule id.
bool FindingBefore(const Finding& a, const Finding& b);

// True when `group_key` ("a=x,b=y") has values and every one is empty ("src_ip=").
bool EmptyGroupKey(std::string_view group_key);

}  // namespace hikeshi::triage
