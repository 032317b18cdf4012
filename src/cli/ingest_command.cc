// hikeshi ingest: reports into the record from files and pipes (doc/feeds.md).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <thread>

#include "cli/command.h"
#include "cli/ownership_table.h"
#include "intake/feed.h"
#include "intake/report_triage.h"
#include "server/imap_poller.h"
#include "server/report_ingest.h"

namespace hikeshi::cli {
namespace {

// Reports per transaction: one commit per batch, as the issue asks of bulk imports.
constexpr size_t kBatch = 1000;
// Largest feed file read; bigger feeds are split by the sender or with split(1).
constexpr uintmax_t kMaxFeedBytes = uintmax_t{2} << 30;

Result<std::string> ReadFile(const std::string& path, uintmax_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kInvalid, fmt::format("cannot open {}", path));
  in.seekg(0, std::ios::end);
  auto size = static_cast<uintmax_t>(in.tellg());
  if (size > max_bytes) {
    return Fail(ErrorCode::kTooLarge,
                fmt::format("{} has {} bytes; at most {} are read at once", path, size, max_bytes));
  }
  in.seekg(0);
  std::string bytes(size, '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return Fail(ErrorCode::kInvalid, fmt::format("cannot read {}", path));
  }
  return bytes;
}

// Progress on a terminal only: rows so far and the rate, redrawn at most five times a second.
class Progress {
 public:
  explicit Progress(std::string_view what) : what_(what), tty_(isatty(STDERR_FILENO) != 0) {}
  void Update(int64_t done) {
    if (!tty_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    fmt::print(stderr, "\r{} {} ({:.0f}/s)   ", what_, done, seconds > 0 ? done / seconds : 0.0);
  }
  void Done() {
    if (tty_) fmt::print(stderr, "\r\033[K");
  }
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::string what_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

int IngestFeed(const StoreFlags& store_flags, const std::string& path, const std::string& format,
               const std::string& name, bool consent, bool coordinate) {
  auto feed_format = intake::ParseFeedFormat(format);
  if (!feed_format) {
    return ReportError({ErrorCode::kInvalid, fmt::format("unknown feed format \"{}\"", format)});
  }
  auto bytes = ReadFile(path, kMaxFeedBytes);
  if (!bytes) return ReportError(bytes.error());
  auto config = ResolveConfig(store_flags);
  if (!config) return ReportError(config.error());
  auto store = OpenConfiguredStore(*config);
  if (!store) return ReportError(store.error());
  // Coordination as in `serve`, after each batch's commit.
  auto ownership = OwnershipSources::Open(*config);
  if (!ownership) return ReportError(ownership.error());
  server::CoordinationOptions coordination = config->coordination;
  coordination.ownership = &(*ownership)->lookup();
  coordination.enabled = coordination.enabled && coordinate;
  server::BatchCoordination coordinated;

  intake::FeedOptions options{
      .feed_name = name, .received_at = SystemClock().Now(), .consent_to_share = consent};
  std::vector<Report> batch;
  int64_t stored = 0;
  int64_t duplicates = 0;
  std::optional<Error> store_error;
  Progress progress("rows");
  auto flush = [&] {
    if (batch.empty() || store_error) return;
    auto added = (*store)->AddReports(std::move(batch));
    batch.clear();
    if (!added) return void(store_error = added.error());
    for (const Report& report : *added) {
      ++stored;
      if (report.status == ReportStatus::kDuplicate) ++duplicates;
    }
    server::BatchCoordination batch_result =
        server::CoordinateBatch(**store, *added, coordination, options.received_at);
    coordinated.joined += batch_result.joined;
    coordinated.failed += batch_result.failed;
    progress.Update(stored);
  };
  auto summary = intake::ParseFeed(*bytes, *feed_format, options, [&](Report&& report) {
    // --consent states the source's terms for every row.
    intake::TriageReport(report, {.consent_stated = true}, config->triage);
    batch.push_back(std::move(report));
    if (batch.size() == kBatch) flush();
  });
  flush();
  progress.Done();
  if (!summary) return ReportError(summary.error());
  if (store_error) {
    fmt::print(stderr, "hikeshi: stopped after {} reports were stored\n", stored);
    return ReportError(*store_error);
  }
  for (const intake::FeedRowError& error : summary->first_errors) {
    fmt::print(stderr, "{}:{}: {}\n", path, error.line, error.message);
  }
  double seconds = progress.Seconds();
  fmt::print(
      "ingested {} reports ({} duplicates) from {} rows, {} rows rejected, in {:.2f} s "
      "({:.0f} reports/s); {} joined incidents{}\n",
      stored, duplicates, summary->rows, summary->errors, seconds,
      seconds > 0 ? stored / seconds : 0.0, coordinated.joined,
      coordinated.failed > 0 ? fmt::format(", {} coordination failures", coordinated.failed)
                             : std::string());
  return summary->errors > 0 ? kExitProblem : kExitOk;
}

// sysexits.h: the MTA keeps the message and retries later.
constexpr int kExitTempFail = 75;

// The messages of an mbox file: each starts after a "From " separator line at the start of the
// file or after a blank line; the separator itself is not part of the message.
std::vector<std::string_view> SplitMbox(std::string_view mbox) {
  std::vector<std::string_view> messages;
  size_t start = std::string_view::npos;
  size_t line = 0;
  bool after_blank = true;
  while (line < mbox.size()) {
    size_t end = mbox.find('\n', line);
    if (end == std::string_view::npos) end = mbox.size();
    std::string_view text = mbox.substr(line, end - line);
    if (after_blank && text.starts_with("From ")) {
      if (start != std::string_view::npos) messages.push_back(mbox.substr(start, line - start));
      start = end + 1;
    }
    after_blank = text.empty() || text == "\r";
    line = end + 1;
  }
  if (start != std::string_view::npos && start < mbox.size())
    messages.push_back(mbox.substr(start));
  return messages;
}

// The files of a Maildir (new/ and cur/) or, for any other directory, every regular file
// below it; sorted so imports are repeatable.
std::vector<std::filesystem::path> MailFiles(const std::filesystem::path& directory) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  std::error_code error;
  bool maildir =
      fs::is_directory(directory / "cur", error) || fs::is_directory(directory / "new", error);
  auto add_regular = [&](const fs::directory_entry& entry) {
    if (entry.is_regular_file(error) && !entry.path().filename().string().starts_with('.')) {
      files.push_back(entry.path());
    }
  };
  if (maildir) {
    for (const char* sub : {"new", "cur"}) {
      for (const auto& entry : fs::directory_iterator(directory / sub, error)) add_regular(entry);
    }
  } else {
    for (const auto& entry : fs::recursive_directory_iterator(
             directory, fs::directory_options::skip_permission_denied, error)) {
      add_regular(entry);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One message from a pipe: stored before anything else; a store that is unavailable is a
// temporary failure so the MTA retries.
int IngestOneMail(Store& store, std::string raw, const intake::TriagePolicy& policy,
                  const server::CoordinationOptions* coordination) {
  if (raw.size() > kMaxReportBytes) {
    return ReportError(
        {ErrorCode::kTooLarge, fmt::format("the message has more than {} bytes", kMaxReportBytes)});
  }
  auto report = server::IngestReport(store,
                                     server::Arrival{.channel = "mail",
                                                     .format = "mail",
                                                     .raw = std::move(raw),
                                                     .received_at = SystemClock().Now()},
                                     policy, coordination);
  if (!report) {
    ReportError(report.error());
    return report.error().code == ErrorCode::kUnavailable ||
                   report.error().code == ErrorCode::kInternal
               ? kExitTempFail
               : kExitUsage;
  }
  fmt::print("report #{} {}{}\n", report->id, ToString(report->status),
             report->category ? fmt::format(" ({})", ToString(*report->category)) : "");
  return kExitOk;
}

// Many messages (an mbox, a Maildir, a directory): each batch of kBatch is parsed on every core
// (parsing is pure) and then stored in one transaction. The source stays on disk, so a failed
// batch loses nothing.
int IngestMailbox(Store& store, const std::vector<std::pair<std::string, std::string>>& messages,
                  const intake::TriagePolicy& policy,
                  const server::CoordinationOptions& coordination) {
  Progress progress("messages");
  int64_t stored = 0;
  std::map<std::string, int64_t> by_status;
  Timestamp now = SystemClock().Now();
  int too_large = 0;
  server::BatchCoordination coordinated;
  std::vector<const std::string*> pending;  // the messages of the next batch
  const unsigned workers = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  auto flush = [&]() -> Status {
    if (pending.empty()) return {};
    std::vector<Report> batch(pending.size());
    std::vector<std::thread> threads;
    for (unsigned worker = 0; worker < workers; ++worker) {
      threads.emplace_back([&, worker] {
        for (size_t i = worker; i < pending.size(); i += workers) {
          batch[i] = server::PrepareReport(
              server::Arrival{
                  .channel = "mail", .format = "mail", .raw = *pending[i], .received_at = now},
              policy);
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    pending.clear();
    auto added = store.AddReports(std::move(batch));
    if (!added) return std::unexpected(added.error());
    for (const Report& report : *added) ++by_status[std::string(ToString(report.status))];
    stored += static_cast<int64_t>(added->size());
    // Coordination as in `serve`, once the batch is committed.
    server::BatchCoordination batch_result =
        server::CoordinateBatch(store, *added, coordination, now);
    coordinated.joined += batch_result.joined;
    coordinated.failed += batch_result.failed;
    progress.Update(stored);
    return {};
  };
  for (const auto& [name, raw] : messages) {
    if (raw.size() > kMaxReportBytes) {
      fmt::print(stderr, "{}: more than {} bytes, skipped\n", name, kMaxReportBytes);
      ++too_large;
      continue;
    }
    pending.push_back(&raw);
    if (pending.size() == kBatch) {
      if (auto ok = flush(); !ok) return ReportError(ok.error());
    }
  }
  if (auto ok = flush(); !ok) return ReportError(ok.error());
  progress.Done();
  double seconds = progress.Seconds();
  std::string statuses;
  for (const auto& [status, count] : by_status) statuses += fmt::format(", {} {}", count, status);
  fmt::print("ingested {} messages in {:.2f} s ({:.0f}/s){}; {} joined incidents{}\n", stored,
             seconds, seconds > 0 ? stored / seconds : 0.0, statuses, coordinated.joined,
             coordinated.failed > 0 ? fmt::format(", {} coordination failures", coordinated.failed)
                                    : std::string());
  return too_large > 0 ? kExitProblem : kExitOk;
}

int IngestMail(const StoreFlags& store_flags, const std::string& source, bool coordinate) {
  auto config = ResolveConfig(store_flags);
  if (!config) return ReportError(config.error());
  if (source.empty() || source == "-") {
    std::string raw;
    raw.reserve(64 * 1024);
    char buffer[64 * 1024];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
      raw.append(buffer, static_cast<size_t>(std::cin.gcount()));
      if (raw.size() > kMaxReportBytes) break;
    }
    auto store = OpenConfiguredStore(*config);
    if (!store) {
      ReportError(store.error());
      return kExitTempFail;
    }
    // Coordination as in `serve`: replies threaded, reports correlated, notices drafted.
    auto ownership = OwnershipSources::Open(*config);
    if (!ownership) {
      ReportError(ownership.error());
      return kExitTempFail;
    }
    server::CoordinationOptions coordination = config->coordination;
    coordination.ownership = &(*ownership)->lookup();
    coordination.enabled = coordination.enabled && coordinate;
    return IngestOneMail(**store, std::move(raw), config->triage, &coordination);
  }
  std::vector<std::pair<std::string, std::string>> messages;
  std::error_code error;
  if (std::filesystem::is_directory(source, error)) {
    for (const auto& path : MailFiles(source)) {
      auto bytes = ReadFile(path.string(), kMaxReportBytes + 1);
      if (!bytes) return ReportError(bytes.error());
      messages.emplace_back(path.string(), std::move(*bytes));
    }
  } else {
    auto bytes = ReadFile(source, kMaxFeedBytes);
    if (!bytes) return ReportError(bytes.error());
    if (bytes->starts_with("From ")) {
      int index = 0;
      for (std::string_view message : SplitMbox(*bytes)) {
        messages.emplace_back(fmt::format("{} message {}", source, ++index), std::string(message));
      }
    } else {
      messages.emplace_back(source, std::move(*bytes));
    }
  }
  auto store = OpenConfiguredStore(*config);
  if (!store) return ReportError(store.error());
  auto ownership = OwnershipSources::Open(*config);
  if (!ownership) return ReportError(ownership.error());
  server::CoordinationOptions coordination = config->coordination;
  coordination.ownership = &(*ownership)->lookup();
  coordination.enabled = coordination.enabled && coordinate;
  return IngestMailbox(**store, messages, config->triage, coordination);
}

int IngestImap(const StoreFlags& store_flags) {
  auto config = ResolveConfig(store_flags);
  if (!config) return ReportError(config.error());
  if (config->imap.url.empty()) {
    return ReportError({ErrorCode::kInvalid, "no [imap] url in the configuration"});
  }
  auto store = OpenConfiguredStore(*config);
  if (!store) return ReportError(store.error());
  SystemClock clock;
  auto ownership = OwnershipSources::Open(*config);
  if (!ownership) return ReportError(ownership.error());
  server::CoordinationOptions coordination = config->coordination;
  coordination.ownership = &(*ownership)->lookup();
  auto summary =
      server::PollImapOnce(**store, config->imap, config->triage, clock, nullptr, &coordination);
  if (!summary) return ReportError(summary.error());
  fmt::print("{}: {} new messages, {} stored, {} failed, {} skipped as too large\n",
             config->imap.url, summary->found, summary->stored, summary->failed, summary->skipped);
  return summary->failed > 0 ? kExitProblem : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int& exit_code) {
  CLI::App* ingest =
      app.add_subcommand("ingest", "Take reports into the record: mail, IMAP, feeds");
  ingest->require_subcommand(1);

  struct FeedFlags {
    StoreFlags store;
    std::string path;
    std::string format = "csv";
    std::string name;
    bool consent = false;
    bool no_coordinate = false;
  };
  auto feed = std::make_shared<FeedFlags>();
  CLI::App* feed_command = ingest->add_subcommand(
      "feed",
      "One report per row of a CSV or JSON-lines feed (column mapping: doc/feeds.md); "
      "exits 1 when rows were rejected");
  AddStoreFlags(*feed_command, feed->store);
  feed_command->add_option("FILE", feed->path, "the feed file")->required();
  feed_command->add_option("--format", feed->format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str();
  feed_command->add_option("--name", feed->name,
                           "the feed's name, recorded as the reporter (default: the file name)");
  feed_command->add_flag("--consent", feed->consent,
                         "the source allows its identity to be passed to third parties");
  feed_command->add_flag("--no-coordinate", feed->no_coordinate,
                         "store and triage only: no correlation or notices (an archive import; "
                         "about 85x faster, doc/coordination.md)");
  feed_command->callback([feed, &exit_code] {
    std::string name = feed->name;
    if (name.empty()) name = std::filesystem::path(feed->path).filename().string();
    exit_code = IngestFeed(feed->store, feed->path, feed->format, name, feed->consent,
                           !feed->no_coordinate);
  });

  struct MailFlags {
    StoreFlags store;
    std::string source;
    bool no_coordinate = false;
  };
  auto mail = std::make_shared<MailFlags>();
  CLI::App* mail_command = ingest->add_subcommand(
      "mail",
      "Mail into reports: one message on standard input (an MTA pipe or alias; exit 75 asks the "
      "MTA to retry), or a message file, an mbox file, a Maildir or a directory of messages");
  AddStoreFlags(*mail_command, mail->store);
  mail_command->add_option("SOURCE", mail->source, "FILE, DIR, or - for standard input (default)");
  mail_command->add_flag("--no-coordinate", mail->no_coordinate,
                         "store and triage only: no correlation or notices (an archive import; "
                         "about 85x faster, doc/coordination.md)");
  mail_command->callback([mail, &exit_code] {
    exit_code = IngestMail(mail->store, mail->source, !mail->no_coordinate);
  });

  auto imap = std::make_shared<StoreFlags>();
  CLI::App* imap_command = ingest->add_subcommand(
      "imap", "Poll the [imap] mailbox of the configuration once (serve polls it on its own)");
  AddStoreFlags(*imap_command, *imap);
  imap_command->callback([imap, &exit_code] { exit_code = IngestImap(*imap); });
}

}  // namespace hikeshi::cli
