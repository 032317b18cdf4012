// intake_corpus: writes the generated abuse-mail corpus to files, and measures Hikeshi's whole
// parse + extraction (intake::ParseMailReport: MIME, charsets, ARF, X-ARF, Received chain,
// indicators, times) over a directory of mails on one core. bench/intake_bench.sh runs it
// beside Python's email package and the end-to-end import.
//
//   intake_corpus write DIR COUNT     writes COUNT mails as DIR/000001.eml …
//   intake_corpus parse DIR [SECONDS] parses every file in DIR again and again for SECONDS of
//                                     CPU time; rate is mails per CPU second (one core)
#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "abuse_mail_corpus.h"
#include "intake/report_parser.h"

namespace {

// CPU time of this thread: the machine is shared, so rates are per CPU second (per core).
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

int Write(const std::filesystem::path& directory, int count) {
  std::filesystem::create_directories(directory);
  std::vector<std::string> mails = hikeshi::bench::AbuseMailCorpus(count);
  for (size_t i = 0; i < mails.size(); ++i) {
    std::ofstream out(directory / fmt::format("{:06}.eml", i + 1), std::ios::binary);
    out << mails[i];
  }
  fmt::print("wrote {} mails to {}\n", mails.size(), directory.string());
  return 0;
}

int Parse(const std::filesystem::path& directory, double seconds) {
  std::vector<std::string> mails;
  size_t bytes = 0;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    mails.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    bytes += mails.back().size();
  }
  if (mails.empty()) return fmt::print(stderr, "no mails in {}\n", directory.string()), 2;
  hikeshi::intake::ReportParseOptions options;
  size_t parsed = 0;
  size_t observables = 0;
  auto start = std::chrono::steady_clock::now();
  double cpu_start = ThreadCpuSeconds();
  double elapsed = 0;
  double cpu = 0;
  // Until SECONDS of CPU time, bounded at four times that in wall time on a loaded machine.
  while (cpu < seconds && elapsed < 4 * seconds) {
    for (const std::string& mail : mails) {
      auto report = hikeshi::intake::ParseMailReport(mail, options);
      if (report) observables += report->report.observables.size();
    }
    parsed += mails.size();
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cpu = ThreadCpuSeconds() - cpu_start;
  }
  double rounds = static_cast<double>(parsed) / static_cast<double>(mails.size());
  fmt::print(
      "RESULT tool=hikeshi messages={} cpu_seconds={:.3f} rate={:.0f} mb_per_s={:.1f} "
      "avg_bytes={} observables_per_mail={:.1f} wall_seconds={:.3f} wall_rate={:.0f}\n",
      parsed, cpu, parsed / cpu, rounds * bytes / cpu / 1e6, bytes / mails.size(),
      static_cast<double>(observables) / parsed, elapsed, parsed / elapsed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 3 && args[0] == "write") return Write(args[1], std::stoi(args[2]));
  if ((args.size() == 2 || args.size() == 3) && args[0] == "parse") {
    return Parse(args[1], args.size() == 3 ? std::stod(args[2]) : 5.0);
  }
  fmt::print(stderr, "usage: intake_corpus write DIR COUNT | parse DIR [SECONDS]\n");
  return 2;
}
