// Correlation on a realistic inbox: 100,000 scan reports from 20,000 sources seen by 2,000
// reporters over a week, in a SQLite store on disk. Measures the pure rule pass (Correlate over
// the candidates), the read side per new report (keys → indexed store look-ups → Correlate),
// and the whole of server::CoordinateReport on new reports (links, incidents, work log).
// doc/performance.md has the figures.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "coord/correlation.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi {
namespace {

constexpr int kReports = 100'000;
constexpr int kSources = 20'000;
constexpr int kReporters = 2'000;
const Timestamp kStart = FromMicros(1'795'000'000'000'000);  // November 2026

std::string SourceAddress(uint32_t n) {  // public-looking, spread over many /24s
  return fmt::format("45.{}.{}.{}", (n >> 12) & 0xff, (n >> 4) & 0xff, 1 + (n & 0x0f) * 7);
}

Report ScanReport(std::mt19937& random, Timestamp received_at) {
  uint32_t source = random() % kSources;
  std::string address = SourceAddress(source);
  std::string target = fmt::format("10.0.{}.{}", random() % 4, random() % 250 + 1);  // our hosts
  Report report;
  report.channel = "api";
  report.format = "json";
  report.raw = fmt::format("scan from {} against {}", address, target);
  report.sha256 = fmt::format("{:064x}", random());
  report.received_at = received_at;
  report.reporter = fmt::format("soc{}@reporter{}.example", random() % kReporters, source % 97);
  report.subject = "Port scan from " + address;
  report.text = report.raw;
  report.status = ReportStatus::kNew;
  report.category = Category::kScan;
  report.observables.push_back(
      {.kind = ObservableKind::kIpv4, .value = address, .original = address});
  report.observables.push_back({.kind = ObservableKind::kIpv4,
                                .value = target,
                                .original = target,
                                .flags = static_cast<uint32_t>(ObservableFlag::kPrivate)});
  return report;
}

struct Inbox {
  std::filesystem::path path;
  std::unique_ptr<Store> store;
  std::mt19937 random{20261125};
  Timestamp now = kStart;
};

Inbox& SharedInbox() {
  static Inbox* inbox = [] {
    auto* made = new Inbox;
    made->path = std::filesystem::temp_directory_path() /
                 fmt::format("hikeshi-correlation-bench-{}.db", getpid());
    auto store = OpenStore(made->path.string());
    if (!store) std::abort();
    made->store = std::move(*store);
    std::vector<Report> batch;
    for (int i = 0; i < kReports; ++i) {
      made->now += std::chrono::seconds(6);  // a week of reports
      batch.push_back(ScanReport(made->random, made->now));
      if (batch.size() == 1000) {
        if (!made->store->AddReports(std::move(batch))) std::abort();
        batch.clear();
      }
    }
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove(SharedInbox().path, ignored);
      std::filesystem::remove(SharedInbox().path.string() + "-wal", ignored);
      std::filesystem::remove(SharedInbox().path.string() + "-shm", ignored);
    });
    return made;
  }();
  return *inbox;
}

std::vector<Report> Candidates(Store& store, const Report& report,
                               const coord::CorrelationOptions& options) {
  std::vector<Report> candidates;
  for (const std::string& key : coord::CorrelationKeys(report, options)) {
    auto related = store.ListRelatedReports(
        {.value = key, .prefix = key.ends_with('.'), .since = report.received_at - options.window});
    if (!related) std::abort();
    for (Report& r : *related) candidates.push_back(std::move(r));
  }
  return candidates;
}

void BM_CorrelateRules(benchmark::State& state) {
  Inbox& inbox = SharedInbox();
  coord::CorrelationOptions options;
  auto latest = inbox.store->ListReports({.limit = 1});
  if (!latest || latest->items.empty()) std::abort();
  const Report& report = latest->items.front();
  std::vector<Report> candidates = Candidates(*inbox.store, report, options);
  for (auto _ : state) {
    benchmark::DoNotOptimize(coord::Correlate(report, candidates, options));
  }
  state.counters["candidates"] = static_cast<double>(candidates.size());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CorrelateRules);

void BM_CorrelationLookups(benchmark::State& state) {
  Inbox& inbox = SharedInbox();
  coord::CorrelationOptions options;
  std::mt19937 random(7);
  size_t candidates = 0;
  for (auto _ : state) {
    auto report = inbox.store->GetReport(1 + random() % kReports);
    if (!report) std::abort();
    std::vector<Report> found = Candidates(*inbox.store, *report, options);
    candidates += found.size();
    benchmark::DoNotOptimize(coord::Correlate(*report, found, options));
  }
  state.counters["candidates"] =
      benchmark::Counter(static_cast<double>(candidates), benchmark::Counter::kAvgIterations);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CorrelationLookups)->Unit(benchmark::kMicrosecond);

void BM_CoordinateReport(benchmark::State& state) {
  Inbox& inbox = SharedInbox();
  server::CoordinationOptions options;
  options.notify.enabled = false;  // drafting is measured by the notify tests, not here
  for (auto _ : state) {
    state.PauseTiming();
    inbox.now += std::chrono::seconds(6);
    auto added = inbox.store->AddReports({ScanReport(inbox.random, inbox.now)});
    if (!added) std::abort();
    state.ResumeTiming();
    auto result = server::CoordinateReport(*inbox.store, added->front(), options, inbox.now);
    if (!result) std::abort();
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CoordinateReport)->Unit(benchmark::kMicrosecond)->Iterations(3000);

}  // namespace
}  // namespace hikeshi

BENCHMARK_MAIN();
