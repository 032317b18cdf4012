// hikeshi ingest: reports into the record from files and pipes (doc/feeds.md).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cli/command.h"
#include "intake/feed.h"
#include "intake/report_triage.h"

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
               const std::string& name, bool consent) {
  auto feed_format = intake::ParseFeedFormat(format);
  if (!feed_format) {
    return ReportError({ErrorCode::kInvalid, fmt::format("unknown feed format \"{}\"", format)});
  }
  auto bytes = ReadFile(path, kMaxFeedBytes);
  if (!bytes) return ReportError(bytes.error());
  auto store = OpenStoreFromFlags(store_flags);
  if (!store) return ReportError(store.error());

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
    progress.Update(stored);
  };
  auto summary = intake::ParseFeed(*bytes, *feed_format, options, [&](Report&& report) {
    // --consent states the source's terms for every row.
    intake::TriageReport(report, {.consent_stated = true}, {});
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
      "({:.0f} reports/s)\n",
      stored, duplicates, summary->rows, summary->errors, seconds,
      seconds > 0 ? stored / seconds : 0.0);
  return summary->errors > 0 ? kExitProblem : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int& exit_code) {
  CLI::App* ingest =
      app.add_subcommand("ingest", "Take reports into the record: feeds (and mail, see --help)");
  ingest->require_subcommand(1);

  struct FeedFlags {
    StoreFlags store;
    std::string path;
    std::string format = "csv";
    std::string name;
    bool consent = false;
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
  feed_command->callback([feed, &exit_code] {
    std::string name = feed->name;
    if (name.empty()) name = std::filesystem::path(feed->path).filename().string();
    exit_code = IngestFeed(feed->store, feed->path, feed->format, name, feed->consent);
  });
}

}  // namespace hikeshi::cli
