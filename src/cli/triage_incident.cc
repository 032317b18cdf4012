#include "cli/triage_incident.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <numeric>

#include "core/time.h"
#include "intake/ip_address.h"
#include "server/report_ingest.h"
#include "triage/timeline_output.h"

namespace hikeshi::cli {
namespace {

using triage::Finding;

constexpr uint32_t kNotExternal = static_cast<uint32_t>(ObservableFlag::kPrivate) |
                                  static_cast<uint32_t>(ObservableFlag::kLoopback) |
                                  static_cast<uint32_t>(ObservableFlag::kLinkLocal) |
                                  static_cast<uint32_t>(ObservableFlag::kDocumentation) |
                                  static_cast<uint32_t>(ObservableFlag::kMulticast) |
                                  static_cast<uint32_t>(ObservableFlag::kCgnat) |
                                  static_cast<uint32_t>(ObservableFlag::kReserved);

bool HasTag(const std::vector<std::string>& tags, std::string_view prefix) {
  return std::any_of(tags.begin(), tags.end(),
                     [&](const std::string& tag) { return tag.starts_with(prefix); });
}

int LevelRank(std::string_view level) {
  if (level == "critical") return 4;
  if (level == "high") return 3;
  if (level == "medium") return 2;
  if (level == "low") return 1;
  return 0;
}

// The source address a finding names: the correlation's src_ip/c-ip group value, else the
// matched field.
std::string_view SourceAddress(const Finding& finding) {
  if (finding.correlation) {
    std::string_view key = finding.group_key;
    while (!key.empty()) {
      size_t comma = key.find(',');
      std::string_view part = key.substr(0, comma);
      for (std::string_view name : {"src_ip=", "c-ip="}) {
        if (part.starts_with(name)) return part.substr(name.size());
      }
      if (comma == std::string_view::npos) break;
      key.remove_prefix(comma + 1);
    }
  }
  for (const auto& [name, value] : finding.matched_fields) {
    if (name == "src_ip" || name == "c-ip") return value;
  }
  return {};
}

std::string EntryText(const Finding& finding) {
  std::string when = finding.time ? FormatRfc3339(*finding.time) : "no time";
  return fmt::format("[{}] {} — {} {}:{} (rule {})", finding.level.empty() ? "-" : finding.level,
                     triage::TimelineMessage(finding), when, finding.source, finding.offset,
                     finding.rule_id);
}

// Reports in the making, per (address, category).
struct Pending {
  std::string address;
  Category category = Category::kOther;
  std::map<std::string, uint64_t> rules;  // title → findings
  std::vector<const Finding*> findings;   // the first kMaxEvidenceLines
  std::vector<std::string> lines;         // evidence: log lines naming the address
  std::optional<Timestamp> first_time;
};

// The dotted-quad and IPv6-looking tokens of a log line (split at everything else).
std::vector<std::string_view> AddressTokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  auto part = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' ||
           c == ':';
  };
  while (i < line.size()) {
    while (i < line.size() && !part(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && part(line[i])) ++i;
    std::string_view token = line.substr(start, i - start);
    while (!token.empty() && (token.back() == ':' || token.back() == '.')) token.remove_suffix(1);
    if (token.size() >= 7 && token.size() <= 45) tokens.push_back(token);
  }
  return tokens;
}

// Fills each pending report's evidence from the lines any detection rule matched, in read
// order; files are opened once each and closed as the timeline moves on.
void CollectEvidence(const triage::TriageResult& result,
                     std::map<std::string, std::vector<Pending*>>& by_address) {
  size_t wanting = 0;  // reports still short of evidence
  for (const auto& [address, entries] : by_address) wanting += entries.size();
  for (const triage::TimelineEntry& entry : result.timeline) {
    if (wanting == 0) break;
    std::optional<std::string> line = ReadLogLine(entry.source, entry.offset);
    if (!line) continue;
    for (std::string_view token : AddressTokens(*line)) {
      auto it = by_address.find(std::string(token));
      if (it == by_address.end()) continue;
      for (Pending* pending : it->second) {
        if (pending->lines.size() >= kMaxEvidenceLines) continue;
        pending->lines.push_back(*line);
        if (pending->lines.size() == kMaxEvidenceLines) --wanting;
      }
      break;
    }
  }
}

Report MakeReport(const Pending& pending, int64_t incident_id) {
  std::string text =
      fmt::format("hikeshi triage: findings about {} in logs collected for incident #{}\n\n",
                  pending.address, incident_id);
  for (const auto& [title, count] : pending.rules) text += fmt::format("- {}: {}\n", title, count);
  text += "\nLog lines:\n";
  std::vector<std::string> lines = pending.lines;
  if (lines.empty()) {
    for (const Finding* finding : pending.findings) {
      if (auto line = ReadLogLine(finding->source, finding->offset)) lines.push_back(*line);
    }
  }
  for (const std::string& line : lines) text += line + "\n";
  text += "\nFindings (file:offset):\n";
  for (const Finding* finding : pending.findings) {
    text += fmt::format("{}:{} {}\n", finding->source, finding->offset, finding->rule_title);
  }
  Report report;
  report.format = "log";
  report.reporter = "hikeshi-triage";
  report.subject = fmt::format("Log triage: {} ({})", pending.address, ToString(pending.category));
  report.language = "en";
  report.text = text;
  report.event_time = pending.first_time;
  report.category = pending.category;
  report.rsit = std::string(Describe(pending.category).rsit);
  report.triage_rule = "hikeshi triage: " + pending.rules.begin()->first;
  if (auto observable = intake::IpObservable(pending.address)) {
    report.observables.push_back(std::move(*observable));
  }
  return report;
}

}  // namespace

Category TriageCategory(const std::vector<std::string>& tags) {
  if (HasTag(tags, "attack.t1078") || HasTag(tags, "attack.t1505.003") ||
      HasTag(tags, "attack.t1190")) {
    return Category::kIntrusion;
  }
  if (HasTag(tags, "attack.t1491")) return Category::kDefacement;
  if (HasTag(tags, "attack.t1110") || HasTag(tags, "attack.t1046") ||
      HasTag(tags, "attack.t1595") || HasTag(tags, "attack.reconnaissance") ||
      HasTag(tags, "attack.discovery")) {
    return Category::kScan;
  }
  return Category::kOther;
}

std::optional<std::string> ExternalSource(const Finding& finding) {
  std::string_view address = SourceAddress(finding);
  if (address.empty()) return std::nullopt;
  std::optional<Observable> observable = intake::IpObservable(address);
  if (!observable || (observable->flags & kNotExternal) != 0) return std::nullopt;
  return observable->value;
}

std::optional<std::string> ReadLogLine(const std::string& path, uint64_t offset) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  char magic[2] = {};
  if (in.read(magic, 2) && magic[0] == '\x1f' && magic[1] == '\x8b') return std::nullopt;
  in.clear();
  in.seekg(static_cast<std::streamoff>(offset));
  std::string line(kMaxEvidenceLineBytes, '\0');
  in.read(line.data(), static_cast<std::streamsize>(line.size()));
  line.resize(static_cast<size_t>(in.gcount()));
  if (line.empty()) return std::nullopt;
  if (size_t end = line.find('\n'); end != std::string::npos) line.resize(end);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<TriageAttachment> AttachTriage(Store& store, int64_t incident_id,
                                      const triage::TriageResult& result,
                                      std::string_view responder,
                                      const intake::TriagePolicy& policy) {
  if (auto incident = store.GetIncident(incident_id); !incident) {
    return std::unexpected(incident.error());
  }
  // The attachment picks and points at findings: it takes them all in memory (an incident's
  // collection is small; the flat-memory path is the timeline output).
  const std::vector<Finding> findings = result.findings.ToVector();
  TriageAttachment attachment;
  // Timeline: the most telling findings first, within the bound.
  std::vector<size_t> order(findings.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Finding &x = findings[a], &y = findings[b];
    if (x.correlation != y.correlation) return x.correlation;
    return LevelRank(x.level) > LevelRank(y.level);
  });
  size_t shown = std::min(order.size(), kMaxFindingEntries);
  std::vector<size_t> chosen(order.begin(), order.begin() + static_cast<ptrdiff_t>(shown));
  std::sort(chosen.begin(), chosen.end());  // back in timeline order
  auto append = [&](std::string text) -> Status {
    auto mutated = store.MutateIncident(
        incident_id,
        [&](Incident&) -> Result<std::optional<WorkLogDraft>> {
          return WorkLogDraft{"finding", text};
        },
        responder, SystemClock().Now());
    if (!mutated) return std::unexpected(mutated.error());
    ++attachment.entries;
    return {};
  };
  for (size_t index : chosen) {
    if (Status ok = append(EntryText(findings[index])); !ok) return std::unexpected(ok.error());
  }
  if (order.size() > shown) {
    std::map<std::string, uint64_t> rest;
    for (size_t i = shown; i < order.size(); ++i) ++rest[findings[order[i]].rule_title];
    std::string text = fmt::format("{} more findings not listed:", order.size() - shown);
    for (const auto& [title, count] : rest) text += fmt::format(" {} ({});", title, count);
    if (Status ok = append(text); !ok) return std::unexpected(ok.error());
  }

  // Reports: one per external address and category.
  std::map<std::pair<std::string, Category>, Pending> pending;
  for (const Finding& finding : findings) {
    std::optional<std::string> address = ExternalSource(finding);
    if (!address) continue;
    Category category = TriageCategory(finding.tags);
    auto key = std::make_pair(*address, category);
    auto it = pending.find(key);
    if (it == pending.end()) {
      if (pending.size() >= kMaxReports) {
        ++attachment.sources_skipped;
        continue;
      }
      it = pending.emplace(key, Pending{.address = *address, .category = category}).first;
    }
    Pending& entry = it->second;
    ++entry.rules[finding.rule_title];
    if (entry.findings.size() < kMaxEvidenceLines) entry.findings.push_back(&finding);
    if (finding.time && (!entry.first_time || *finding.time < *entry.first_time)) {
      entry.first_time = finding.time;
    }
  }
  if (pending.empty()) return attachment;
  std::map<std::string, std::vector<Pending*>> by_address;
  for (auto& [key, entry] : pending) by_address[entry.address].push_back(&entry);
  CollectEvidence(result, by_address);
  std::vector<Report> reports;
  Timestamp now = SystemClock().Now();
  for (const auto& [key, entry] : pending) {
    Report parsed = MakeReport(entry, incident_id);
    std::string raw = parsed.text;
    reports.push_back(server::PrepareReport(server::Arrival{.channel = "triage",
                                                            .format = "log",
                                                            .raw = std::move(raw),
                                                            .received_at = now,
                                                            .parsed = std::move(parsed)},
                                            policy));
  }
  auto stored = store.AddReports(std::move(reports));
  if (!stored) return std::unexpected(stored.error());
  for (const Report& report : *stored) attachment.reports.push_back(report.id);
  return attachment;
}

}  // namespace hikeshi::cli
