#include "triage/triage_run.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <system_error>
#include <thread>
#include <tuple>
#include <utility>

#include "triage/log_reader.h"
#include "triage/log_rotation.h"
#include "triage/sigma_builtin.h"
#include "triage/sigma_correlation.h"
#include "triage/sigma_loader.h"

namespace hikeshi::triage {
namespace fs = std::filesystem;

namespace {

// Directories are walked without following symlinks to directories (no loops); regular files
// and symlinks to regular files are taken.
Status AddPath(const fs::path& path, std::vector<fs::path>& out) {
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (error || !fs::exists(status)) {
    return Fail(ErrorCode::kNotFound, path.string() + ": no such file or directory");
  }
  if (!fs::is_directory(status)) {
    out.push_back(path);
    return {};
  }
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
  if (error) return Fail(ErrorCode::kUnavailable, path.string() + ": " + error.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) return Fail(ErrorCode::kUnavailable, path.string() + ": " + error.message());
    std::error_code type_error;
    if (it->is_regular_file(type_error)) out.push_back(it->path());
  }
  return {};
}

}  // namespace

Result<std::vector<fs::path>> ExpandTriagePaths(std::span<const fs::path> paths) {
  std::vector<fs::path> files;
  for (const fs::path& path : paths) {
    if (Status added = AddPath(path, files); !added) return std::unexpected(added.error());
  }
  std::sort(files.begin(), files.end(), LogPathBefore);  // rotated sets oldest first
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

bool FindingBefore(const Finding& a, const Finding& b) {
  // nullopt sorts before any time, as std::optional's ordering does.
  return std::tie(a.time, a.source, a.offset, a.rule_id) <
         std::tie(b.time, b.source, b.offset, b.rule_id);
}

bool EmptyGroupKey(std::string_view group_key) {
  if (group_key.empty()) return false;  // no group-by at all: the whole input is the group
  size_t start = 0;
  while (start <= group_key.size()) {
    size_t comma = group_key.find(',', start);
    std::string_view part = group_key.substr(start, comma - start);
    size_t equals = part.find('=');
    if (equals == std::string_view::npos || equals + 1 != part.size()) return false;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return true;
}

namespace {

Result<std::unique_ptr<SigmaEngine>> CompileRules(const TriageOptions& options) {
  SigmaRuleSet set;
  if (options.builtin_rules) LoadSigmaBuiltinRules(set);
  if (options.rules) {
    if (Status loaded = LoadSigmaRuleFiles(*options.rules, set); !loaded) {
      return std::unexpected(loaded.error());
    }
  }
  if (set.rules.empty() && set.unsupported.empty()) {
    return Fail(ErrorCode::kInvalid, "no Sigma rules to run (no built-ins and no --rules)");
  }
  return SigmaEngine::Compile(std::move(set));
}

// Everything one scan accumulates; events go through Observe() one at a time.
class Scan {
 public:
  Scan(const SigmaEngine& engine, const TriageOptions& options, TriageResult& result)
      : engine_(engine),
        options_(options),
        result_(result),
        matcher_(engine),
        correlator_(engine) {}

  void Observe(const Event& event) { Replay(event, matcher_.Match(event)); }

  // An event matched elsewhere (a worker's matcher): the same as Observe. Events no rule
  // matched need not be replayed, the correlator ignores them.
  void Replay(const Event& event, const std::vector<uint32_t>& matched) {
    if (!matched.empty()) AddTimeline(event, matched);
    pending_.clear();
    correlator_.Observe(event, matched, matcher_, pending_);
    for (Finding& finding : pending_) AddClientAddress(event, finding);
    Keep();
  }

  void Finish() {
    pending_.clear();
    correlator_.Flush(pending_);
    Keep();
    result_.evicted_groups = correlator_.evicted_groups();
  }

 private:
  // A rule on, say, the user agent leaves the client address out of its matched fields; the
  // analyst needs it (timeline column, summary by source), so it is added from the event.
  static void AddClientAddress(const Event& event, Finding& finding) {
    for (std::string_view name : {"src_ip", "c-ip"}) {
      std::optional<std::string_view> value = event.Get(name);
      if (!value || value->empty()) continue;
      bool present = false;
      for (const auto& field : finding.matched_fields) present |= field.first == name;
      if (!present) finding.matched_fields.emplace_back(std::string(name), std::string(*value));
    }
  }

  void AddTimeline(const Event& event, const std::vector<uint32_t>& matched) {
    if (result_.timeline.size() >= options_.max_timeline) {
      ++result_.timeline_dropped;
      return;
    }
    TimelineEntry& entry = result_.timeline.emplace_back();
    entry.time = event.time;
    entry.source = std::string(event.source);
    entry.offset = event.offset;
    for (uint32_t rule : matched) entry.rule_ids.push_back(engine_.rules()[rule].id);
  }

  void Keep() {
    for (Finding& finding : pending_) {
      if (options_.drop_empty_groups && finding.correlation && EmptyGroupKey(finding.group_key)) {
        ++result_.empty_group_findings;
        continue;
      }
      if (result_.findings.size() >= options_.max_findings) {
        ++result_.findings_dropped;
        continue;
      }
      result_.findings.push_back(std::move(finding));
    }
  }

  const SigmaEngine& engine_;
  const TriageOptions& options_;
  TriageResult& result_;
  SigmaMatcher matcher_;
  SigmaCorrelator correlator_;
  std::vector<Finding> pending_;
};

// An event copied out of a reader's buffer, with the rules a worker matched on it.
struct MatchedEvent {
  Event event;
  std::vector<uint32_t> matched;
};

void CopyEvent(const Event& from, Event& to) {
  to.time = from.time;
  to.offset = from.offset;
  to.host = to.Own(std::string(from.host));
  to.program = to.Own(std::string(from.program));
  to.message = to.Own(std::string(from.message));
  to.line = to.Own(std::string(from.line));
  to.format = to.Own(std::string(from.format));
  to.source = to.Own(std::string(from.source));
  for (const EventField& field : from.fields) {
    to.fields.push_back({to.Own(std::string(field.name)), to.Own(std::string(field.value))});
  }
}

// Reads a splittable file in chunks of about chunk_bytes, `threads` chunks at a time, each
// matched on its own thread with its own SigmaMatcher. Only matched events are kept, and only
// for one wave of chunks, then replayed in file order: the correlator sees exactly what a
// sequential read gives it, and memory stays bounded by threads × chunk_bytes.
Result<ReadStats> ReadParallel(const LogFile& file, const SigmaEngine& engine,
                               const TriageOptions& options, Scan& scan) {
  size_t threads = static_cast<size_t>(options.threads);
  uint64_t chunk_bytes = std::max<uint64_t>(options.chunk_bytes, 1);
  auto chunks = file.Split(std::max<uint64_t>(threads, file.size() / chunk_bytes + 1), chunk_bytes);
  if (!chunks) return std::unexpected(chunks.error());
  if (chunks->size() <= 1) return file.Read([&scan](const Event& event) { scan.Observe(event); });
  ReadStats total;
  for (size_t base = 0; base < chunks->size(); base += threads) {
    size_t n = std::min(threads, chunks->size() - base);
    // A deque: an Event's views point into its own storage, so it must never be copied or
    // moved once filled (vector growth would copy it, deque's move is not noexcept).
    std::vector<std::deque<MatchedEvent>> matched(n);
    std::vector<Result<ReadStats>> stats(n);
    {
      std::vector<std::jthread> workers;
      for (size_t i = 0; i < n; ++i) {
        workers.emplace_back([&, i] {
          SigmaMatcher matcher(engine);
          stats[i] = file.Read(
              [&](const Event& event) {
                const std::vector<uint32_t>& rules = matcher.Match(event);
                if (rules.empty()) return;
                MatchedEvent& copy = matched[i].emplace_back();
                CopyEvent(event, copy.event);
                copy.matched = rules;
              },
              (*chunks)[base + i]);
        });
      }
    }  // joins
    for (size_t i = 0; i < n; ++i) {
      if (!stats[i]) return std::unexpected(stats[i].error());
      total += *stats[i];
      for (const MatchedEvent& event : matched[i]) scan.Replay(event.event, event.matched);
    }
  }
  if (!total.format) total.format = file.format();
  return total;
}

}  // namespace

Result<TriageResult> RunTriage(std::span<const fs::path> paths, const TriageOptions& options) {
  auto files = ExpandTriagePaths(paths);
  if (!files) return std::unexpected(files.error());
  auto engine = CompileRules(options);
  if (!engine) return std::unexpected(engine.error());

  TriageResult result;
  result.compile_report = (*engine)->report();
  TriageProgress progress;
  progress.files_total = files->size();
  for (const fs::path& file : *files) {
    std::error_code error;
    uintmax_t size = fs::file_size(file, error);
    if (!error) progress.bytes_total += size;
  }

  ReadOptions read_options;
  read_options.format = options.format;
  Scan scan(**engine, options, result);
  auto started = std::chrono::steady_clock::now();
  for (const fs::path& path : *files) {
    auto file = LogFile::Open(path, read_options);
    if (!file) {
      result.skipped.push_back({path.string(), file.error().message});
    } else {
      auto stats = options.threads > 1
                       ? ReadParallel(*file, **engine, options, scan)
                       : file->Read([&scan](const Event& event) { scan.Observe(event); });
      if (!stats) {
        result.skipped.push_back({path.string(), stats.error().message});
      } else {
        ++result.files;
        result.bytes += stats->bytes;
        result.lines += stats->lines;
        result.events += stats->events;
        result.anomalies += stats->anomalies;
      }
      progress.bytes_done += file->size();
    }
    ++progress.files_done;
    if (options.progress) options.progress(progress);
  }
  scan.Finish();
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (result.seconds > 0)
    result.events_per_second = static_cast<double>(result.events) / result.seconds;
  std::stable_sort(result.findings.begin(), result.findings.end(), FindingBefore);
  return result;
}

}  // namespace hikeshi::triage
