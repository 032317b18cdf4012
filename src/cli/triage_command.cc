// hikeshi triage PATH...: runs the Sigma rules (built-in, plus --rules) over log files and writes
// the findings as a timeline (JSON lines for Timesketch, or CSV) or an HTML report; a summary
// goes to stderr.
// Exit codes: 0 no findings, 1 findings, 2 error (doc/triage.md).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/triage_incident.h"
#include "triage/html_report.h"
#include "triage/log_format.h"
#include "triage/timeline_output.h"
#include "triage/triage_run.h"

namespace hikeshi::cli {
namespace {

using triage::Finding;
using triage::TriageResult;

struct TriageFlags {
  std::vector<std::string> paths;
  std::string rules;
  bool no_builtin = false;
  std::string format = "jsonl";
  std::string log_format;
  std::string out;
  int threads = 1;
  uint64_t max_findings = 1'000'000;  // 0: no limit (findings beyond memory spill to disk)
  std::optional<int64_t> incident;    // --incident: attach the findings (triage_incident.h)
  StoreFlags store;
  std::string responder;
};

// The source a finding is about: the correlation's group, else the client address it matched.
std::string SourceOf(const Finding& finding) {
  if (finding.correlation && !finding.group_key.empty()) return finding.group_key;
  for (const auto& [name, value] : finding.matched_fields) {
    if (name == "src_ip" || name == "c-ip" || name == "src_host") return name + "=" + value;
  }
  return {};
}

void PrintSummary(const TriageResult& result) {
  fmt::print(
      stderr,
      "hikeshi triage: {} files, {} bytes, {} lines, {} events in {:.2f} s ({:.0f} events/s)\n",
      result.files, result.bytes, result.lines, result.events, result.seconds,
      result.events_per_second);
  std::string rules = result.compile_report.Summary();
  while (!rules.empty() && rules.back() == '\n') rules.pop_back();
  fmt::print(stderr, "rules: {}\n", rules);
  for (const triage::SkippedFile& skipped : result.skipped) {
    fmt::print(stderr, "skipped {}: {}\n", skipped.path, skipped.reason);
  }
  for (int i = 0; i < triage::kAnomalyCount; ++i) {
    auto anomaly = static_cast<triage::Anomaly>(i);
    if (uint64_t n = result.anomalies.Count(anomaly)) {
      fmt::print(stderr, "anomaly {}: {}\n", triage::AnomalyName(anomaly), n);
    }
  }
  if (result.findings_dropped > 0) {
    fmt::print(stderr,
               "warning: {} findings beyond the limit were not kept (raise it with "
               "--max-findings N, 0 for none)\n",
               result.findings_dropped);
  }
  if (result.empty_group_findings > 0) {
    fmt::print(stderr,
               "note: {} correlation findings with an empty group (no source address) not "
               "reported\n",
               result.empty_group_findings);
  }
  if (result.evicted_groups > 0) {
    fmt::print(stderr, "warning: {} correlation groups dropped to bound memory\n",
               result.evicted_groups);
  }
  struct RuleRow {
    std::string level;
    uint64_t count = 0;
    std::map<std::string, uint64_t> sources;
  };
  std::map<std::string, RuleRow> rows;
  for (const Finding& finding : result.findings) {
    RuleRow& row = rows[finding.rule_title];
    row.level = finding.level;
    ++row.count;
    if (std::string source = SourceOf(finding); !source.empty()) ++row.sources[source];
  }
  if (rows.empty()) {
    fmt::print(stderr, "no findings\n");
    return;
  }
  fmt::print(stderr, "{:>7}  {:<13} {:<45} {}\n", "count", "level", "rule", "top sources");
  for (const auto& [title, row] : rows) {
    std::vector<std::pair<uint64_t, std::string>> top;
    for (const auto& [source, n] : row.sources) top.emplace_back(n, source);
    std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::string sources;
    for (size_t i = 0; i < top.size() && i < 3; ++i) {
      sources += fmt::format("{}{} ({})", i ? ", " : "", top[i].second, top[i].first);
    }
    if (top.size() > 3) sources += fmt::format(", +{} more", top.size() - 3);
    fmt::print(stderr, "{:>7}  {:<13} {:<45} {}\n", row.count, row.level, title, sources);
  }
}

int Run(const TriageFlags& flags) {
  if (flags.format != "jsonl" && flags.format != "csv" && flags.format != "html") {
    fmt::print(stderr, "hikeshi: --format must be jsonl, csv or html\n");
    return kExitUsage;
  }
  triage::TriageOptions options;
  if (!flags.rules.empty()) options.rules = flags.rules;
  options.builtin_rules = !flags.no_builtin;
  options.threads = std::max(1, flags.threads);
  options.max_findings =
      flags.max_findings == 0 ? std::numeric_limits<size_t>::max() : flags.max_findings;
  if (!flags.log_format.empty()) {
    options.format = triage::LogFormatFromName(flags.log_format);
    if (!options.format) {
      fmt::print(stderr, "hikeshi: unknown --log-format '{}'\n", flags.log_format);
      return kExitUsage;
    }
  }
  if (isatty(STDERR_FILENO)) {
    options.progress = [](const triage::TriageProgress& progress) {
      fmt::print(stderr, "\r{}/{} files, {} MiB", progress.files_done, progress.files_total,
                 progress.bytes_done >> 20);
      if (progress.files_done == progress.files_total) fmt::print(stderr, "\n");
    };
  }
  // With --incident, the store and the incident are checked before the (long) run.
  Config config;
  std::unique_ptr<Store> store;
  if (flags.incident) {
    auto resolved = ResolveConfig(flags.store);
    if (!resolved) {
      ReportError(resolved.error());
      return kExitUsage;
    }
    config = std::move(*resolved);
    auto opened = OpenConfiguredStore(config);
    if (!opened) {
      ReportError(opened.error());
      return kExitUsage;
    }
    store = std::move(*opened);
    if (auto incident = store->GetIncident(*flags.incident); !incident) {
      ReportError(incident.error());
      return kExitUsage;
    }
  }
  std::vector<std::filesystem::path> paths(flags.paths.begin(), flags.paths.end());
  auto result = triage::RunTriage(paths, options);
  if (!result) {
    ReportError(result.error());
    return kExitUsage;  // triage promises 2 for every error
  }

  std::FILE* out = stdout;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(nullptr, std::fclose);
  if (!flags.out.empty() && flags.out != "-") {
    file.reset(std::fopen(flags.out.c_str(), "wb"));
    if (!file) {
      fmt::print(stderr, "hikeshi: cannot write {}\n", flags.out);
      return kExitUsage;
    }
    out = file.get();
  }
  bool csv = flags.format == "csv";
  if (flags.format == "html") {
    std::string html = triage::HtmlReport(*result);
    std::fwrite(html.data(), 1, html.size(), out);
  } else {
    if (csv) fmt::print(out, "{}", triage::TimelineCsvHeader());
    for (const Finding& finding : result->findings) {
      std::string text = csv ? triage::TimelineCsvRow(finding) : triage::TimelineJsonLine(finding);
      std::fwrite(text.data(), 1, text.size(), out);
    }
  }
  if (std::fflush(out) != 0 || std::ferror(out)) {
    fmt::print(stderr, "hikeshi: writing the timeline failed\n");
    return kExitUsage;
  }
  PrintSummary(*result);
  if (flags.incident) {
    std::string responder = flags.responder.empty() ? "cli:triage" : flags.responder;
    auto attached = AttachTriage(*store, *flags.incident, *result, responder, config.triage);
    if (!attached) {
      ReportError(attached.error());
      return kExitUsage;
    }
    fmt::print(stderr, "incident #{}: {} work-log entries, {} reports filed", *flags.incident,
               attached->entries, attached->reports.size());
    if (attached->sources_skipped > 0) {
      fmt::print(stderr, " ({} findings about further sources not filed)",
                 attached->sources_skipped);
    }
    fmt::print(stderr, "\n");
  }
  return result->findings.empty() ? kExitOk : kExitProblem;
}

}  // namespace

void AddTriageCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<TriageFlags>();
  CLI::App* command = app.add_subcommand(
      "triage",
      "Run Sigma rules (built-in, plus --rules) over log files and directories; findings as a "
      "timeline on stdout, a summary on stderr; exit 1 when anything was found");
  command->add_option("paths", flags->paths, "log files or directories (recursed)")->required();
  command->add_option("--rules", flags->rules,
                      "Sigma rule file or directory, added to the built-ins");
  command->add_flag("--no-builtin", flags->no_builtin, "run only the --rules rules");
  command->add_option(
      "--format", flags->format,
      "output: jsonl (Timesketch timeline), csv, or html (a self-contained report)");
  command->add_option("--log-format", flags->log_format,
                      "read every file as this log format instead of detecting it "
                      "(syslog3164, syslog5424, syslogiso, access, apache_error, w3c, jsonl)");
  command->add_option("--out", flags->out, "write the timeline to FILE instead of stdout");
  command->add_option("--threads", flags->threads,
                      "threads matching large plain files in parallel (same results as 1)");
  command->add_option("--max-findings", flags->max_findings,
                      "keep at most N findings (default 1000000; 0: no limit, beyond 16 MiB "
                      "they wait in a temporary file)");
  command->add_option("--incident", flags->incident,
                      "attach the findings to this incident's work log and file reports for "
                      "external source addresses (needs the database: --db/--config)");
  command->add_option("--as", flags->responder, "responder recorded in the work log");
  AddStoreFlags(*command, flags->store);
  command->callback([flags, &exit_code] { exit_code = Run(*flags); });
}

}  // namespace hikeshi::cli
