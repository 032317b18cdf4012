#include "triage/triage_run.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>
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

bool FindingBefore(const Finding& a, const Finding& b) { return FindingOrder(a, b); }

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
      result_.findings.Add(std::move(finding));
    }
  }

  const SigmaEngine& engine_;
  const TriageOptions& options_;
  TriageResult& result_;
  SigmaMatcher matcher_;
  SigmaCorrelator correlator_;
  std::vector<Finding> pending_;
};

// An event a worker matched, copied out of the reader's buffer: views into its chunk's blocks,
// its fields and rule indices as ranges of the chunk's arrays (no Event, whose deque allocates
// on construction; a compact record keeps a wave's memory near the size of its lines).
struct MatchedEvent {
  std::optional<Timestamp> time;
  uint64_t offset = 0;
  std::string_view host, program, message, line, format, source;
  uint32_t field_begin = 0, field_count = 0;
  uint32_t rule_begin = 0, rule_count = 0;
};

// What one worker keeps of its chunk: the matched events, their bytes in large blocks (one
// allocation per MiB instead of one per string: on attack-heavy logs nearly every event
// matches, and per-string copies dominated the profile).
class ChunkMatches {
 public:
  void Add(const Event& from, const std::vector<uint32_t>& rules) {
    MatchedEvent& to = events_.emplace_back();
    to.time = from.time;
    to.offset = from.offset;
    line_from_ = from.line;
    line_to_ = Copy(from.line);
    to.line = line_to_;
    to.host = Map(from.host);
    to.program = Map(from.program);
    to.message = Map(from.message);
    to.format = Map(from.format);
    to.source = Map(from.source);
    to.field_begin = static_cast<uint32_t>(fields_.size());
    to.field_count = static_cast<uint32_t>(from.fields.size());
    for (const EventField& field : from.fields) {
      fields_.push_back({Map(field.name), Map(field.value)});
    }
    to.rule_begin = static_cast<uint32_t>(rules_.size());
    to.rule_count = static_cast<uint32_t>(rules.size());
    rules_.insert(rules_.end(), rules.begin(), rules.end());
  }

  // Feeds every event, rebuilt in one reused Event, to `replay(event, rules)` in read order.
  template <typename Replay>
  void ForEach(Event& scratch, std::vector<uint32_t>& rules, Replay&& replay) const {
    for (const MatchedEvent& from : events_) {
      scratch.Clear();
      scratch.time = from.time;
      scratch.offset = from.offset;
      scratch.host = from.host;
      scratch.program = from.program;
      scratch.message = from.message;
      scratch.line = from.line;
      scratch.format = from.format;
      scratch.source = from.source;
      scratch.fields.assign(fields_.begin() + from.field_begin,
                            fields_.begin() + from.field_begin + from.field_count);
      rules.assign(rules_.begin() + from.rule_begin,
                   rules_.begin() + from.rule_begin + from.rule_count);
      replay(scratch, rules);
    }
  }

  // Empties the record for the next wave, keeping its arrays and 1 MiB blocks: freeing them
  // each wave let glibc's per-thread arenas keep the freed memory (peak RSS +36 MiB on 2.7 GB,
  // doc/performance.md "10 GB run").
  void Clear() {
    events_.clear();
    fields_.clear();
    rules_.clear();
    line_from_ = line_to_ = {};
    std::erase_if(blocks_, [](const Block& block) { return block.size != kBlock; });
    used_blocks_ = 0;
    next_ = nullptr;
    left_ = 0;
  }

 private:
  static constexpr size_t kBlock = 1 << 20;

  // A view into the line is re-pointed into the line's copy; anything else is copied.
  std::string_view Map(std::string_view text) {
    if (text.empty()) return {};
    if (!line_from_.empty() && text.data() >= line_from_.data() &&
        text.data() + text.size() <= line_from_.data() + line_from_.size()) {
      return line_to_.substr(static_cast<size_t>(text.data() - line_from_.data()), text.size());
    }
    return Copy(text);
  }

  std::string_view Copy(std::string_view text) {
    if (text.empty()) return {};
    char* at;
    if (text.size() > kBlock / 4) {  // a long line gets a block of its own (not reused)
      blocks_.push_back({std::make_unique_for_overwrite<char[]>(text.size()), text.size()});
      at = blocks_.back().bytes.get();
    } else {
      if (text.size() > left_) {
        next_ = NextBlock();
        left_ = kBlock;
      }
      at = next_;
      next_ += text.size();
      left_ -= text.size();
    }
    std::memcpy(at, text.data(), text.size());
    return {at, text.size()};
  }

  std::vector<MatchedEvent> events_;
  std::vector<EventField> fields_;
  std::vector<uint32_t> rules_;
  std::string_view line_from_, line_to_;
  // The next full-size block not yet used since Clear(), reused or new.
  char* NextBlock() {
    while (used_blocks_ < blocks_.size() && blocks_[used_blocks_].size != kBlock) ++used_blocks_;
    if (used_blocks_ == blocks_.size()) {
      blocks_.push_back({std::make_unique_for_overwrite<char[]>(kBlock), kBlock});
    }
    return blocks_[used_blocks_++].bytes.get();
  }

  struct Block {
    std::unique_ptr<char[]> bytes;
    size_t size;
  };
  std::vector<Block> blocks_;
  size_t used_blocks_ = 0;  // blocks_[0, used_blocks_) hold this wave's bytes
  char* next_ = nullptr;
  size_t left_ = 0;
};

// One wave of chunks being matched, `threads` at a time.
struct Wave {
  std::deque<ChunkMatches> matched;  // filled in place, never moved
  std::vector<Result<ReadStats>> stats;
  std::vector<std::jthread> workers;  // declared last: joined before the rest is destroyed
};

// Reads a splittable file in chunks of about chunk_bytes, `threads` chunks at a time, each
// matched on its own thread with its own SigmaMatcher. Only matched events are kept, and
// replayed in file order: the correlator sees exactly what a sequential read gives it. The
// replay of one wave (on the calling thread) overlaps the matching of the next, so memory is
// bounded by two waves of matched events (2 × threads × chunk_bytes of lines at most).
Result<ReadStats> ReadParallel(const LogFile& file, const SigmaEngine& engine,
                               const TriageOptions& options, Scan& scan) {
  size_t threads = static_cast<size_t>(options.threads);
  uint64_t chunk_bytes = std::max<uint64_t>(options.chunk_bytes, 1);
  auto chunks = file.Split(std::max<uint64_t>(threads, file.size() / chunk_bytes + 1), chunk_bytes);
  if (!chunks) return std::unexpected(chunks.error());
  if (chunks->size() <= 1) return file.Read([&scan](const Event& event) { scan.Observe(event); });
  std::unique_ptr<Wave> spare;  // a replayed wave, its records kept for reuse (Clear())
  auto start = [&](size_t base) {
    auto wave = spare ? std::move(spare) : std::make_unique<Wave>();
    size_t n = std::min(threads, chunks->size() - base);
    for (ChunkMatches& matches : wave->matched) matches.Clear();
    wave->matched.resize(n);
    wave->stats.resize(n);
    for (size_t i = 0; i < n; ++i) {
      wave->workers.emplace_back([&file, &engine, &chunks, base, i, w = wave.get()] {
        SigmaMatcher matcher(engine);
        w->stats[i] = file.Read(
            [&](const Event& event) {
              const std::vector<uint32_t>& rules = matcher.Match(event);
              if (!rules.empty()) w->matched[i].Add(event, rules);
            },
            (*chunks)[base + i]);
      });
    }
    return wave;
  };
  ReadStats total;
  Event scratch;
  std::vector<uint32_t> rules;
  std::unique_ptr<Wave> current = start(0);
  for (size_t base = 0; base < chunks->size(); base += threads) {
    std::unique_ptr<Wave> next = base + threads < chunks->size() ? start(base + threads) : nullptr;
    current->workers.clear();  // joins
    for (size_t i = 0; i < current->matched.size(); ++i) {
      if (!current->stats[i]) return std::unexpected(current->stats[i].error());
      total += *current->stats[i];
      current->matched[i].ForEach(scratch, rules, [&](const Event& event, const auto& matched) {
        scan.Replay(event, matched);
      });
    }
    spare = std::exchange(current, std::move(next));
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
  result.findings = FindingStore(options.finding_memory_bytes);
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
  return result;
}

}  // namespace hikeshi::triage
