// Log reader throughput: each format's LineParser over generated, realistic lines (varied
// addresses, users, times, paths), and the driver end to end (page-cached file, gzip, and a
// file split into chunks read by two threads). Reports bytes/s and lines/s (items).
//
//   build/release/bench/readers_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "triage/line_parser.h"
#include "triage/log_reader.h"

namespace hikeshi::triage {
namespace {

constexpr size_t kCorpusBytes = 32 << 20;

class Generator {
 public:
  explicit Generator(uint64_t seed) : random_(seed) {}
  int Int(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  std::string Ip() {
    return std::to_string(Int(1, 223)) + "." + std::to_string(Int(0, 255)) + "." +
           std::to_string(Int(0, 255)) + "." + std::to_string(Int(1, 254));
  }
  std::string Pick(std::initializer_list<const char*> items) {
    return *(items.begin() + Int(0, static_cast<int>(items.size()) - 1));
  }
  std::string User() {
    return Pick({"root", "admin", "oracle", "test", "ubuntu", "git", "postgres", "deploy", "pi",
                 "user1", "guest", "support"});
  }
  // Log time moves forward by 0-2 s per line, as in a real file (readers cache per-day work).
  void Tick() {
    second_of_month_ += Int(0, 2);
    if (second_of_month_ >= 28 * 86400) second_of_month_ = 10 * 86400;
  }
  std::string Clock() {
    Tick();
    int in_day = second_of_month_ % 86400;
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", in_day / 3600, in_day / 60 % 60,
                  in_day % 60);
    return text;
  }
  std::string Day() { return std::to_string(second_of_month_ / 86400 + 1); }

 private:
  std::mt19937_64 random_;
  int second_of_month_ = 10 * 86400;
};

std::string SyslogLine(Generator& g) {
  std::string clock = g.Clock();
  std::string head = "Nov " + g.Day() + " " + clock + " bastion ";
  std::string pid = std::to_string(g.Int(1000, 99999));
  switch (g.Int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return head + "sshd[" + pid + "]: Failed password for " + g.User() + " from " + g.Ip() +
             " port " + std::to_string(g.Int(1024, 65535)) + " ssh2";
    case 3:
      return head + "sshd[" + pid + "]: Invalid user " + g.User() + " from " + g.Ip() + " port " +
             std::to_string(g.Int(1024, 65535));
    case 4:
      return head + "sshd[" + pid +
             "]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
             "ruser= rhost=" +
             g.Ip() + "  user=" + g.User();
    case 5:
      return head + "sshd[" + pid + "]: Connection closed by authenticating user " + g.User() +
             " " + g.Ip() + " port " + std::to_string(g.Int(1024, 65535)) + " [preauth]";
    case 6:
      return head + "sshd[" + pid + "]: Accepted publickey for " + g.User() + " from " + g.Ip() +
             " port " + std::to_string(g.Int(1024, 65535)) +
             " ssh2: ED25519 SHA256:Jq1mG5Tz0d3l6Vb2Hc9sRk4aXyPeWfNuLo7iQ8MvE0s";
    case 7:
      return head + "kernel: [" + std::to_string(g.Int(100, 999999)) +
             ".123456] [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:12:34:56:52:54:00:65:43:21:08:00 "
             "SRC=" +
             g.Ip() +
             " DST=192.0.2.10 LEN=44 TOS=0x00 PREC=0x00 TTL=" + std::to_string(g.Int(30, 250)) +
             " ID=" + std::to_string(g.Int(0, 65535)) +
             " PROTO=TCP SPT=" + std::to_string(g.Int(1024, 65535)) +
             " DPT=" + g.Pick({"22", "23", "3389", "445", "8080"}) +
             " WINDOW=1024 RES=0x00 SYN URGP=0";
    case 8:
      return head + "CRON[" + pid +
             "]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)";
    default:
      return head + "systemd[1]: Started Session " + pid + " of User " + g.User() + ".";
  }
}

std::string IsoLine(Generator& g) {
  std::string line = SyslogLine(g);
  size_t host = line.find(" bastion ");
  std::string clock = g.Clock();
  return "2026-11-" + g.Day() + "T" + clock + "." + std::to_string(g.Int(100000, 999999)) +
         "+09:00" + line.substr(host);
}

std::string Rfc5424Line(Generator& g) {
  std::string line = SyslogLine(g);
  size_t colon = line.find("]: ");
  if (colon == std::string::npos) colon = line.find(": ");
  std::string clock = g.Clock();
  return "<38>1 2026-11-" + g.Day() + "T" + clock + ".123Z bastion sshd " +
         std::to_string(g.Int(1000, 99999)) + " - [meta sequenceId=\"" +
         std::to_string(g.Int(1, 99999)) + "\"] " + line.substr(colon + 3);
}

std::string AccessLine(Generator& g) {
  std::string path = g.Pick({"/", "/index.php", "/wp-login.php", "/images/logo.png",
                             "/api/v1/items", "/search", "/.env", "/cgi-bin/luci"});
  std::string query = g.Int(0, 2) == 0 ? "?q=" + std::to_string(g.Int(0, 99999)) + "&page=2" : "";
  std::string clock = g.Clock();
  return g.Ip() + " - - [" + g.Day() + "/Nov/2026:" + clock + " +0900] \"" +
         g.Pick({"GET", "GET", "GET", "POST", "HEAD"}) + " " + path + query + " HTTP/1.1\" " +
         g.Pick({"200", "200", "304", "404", "401", "500"}) + " " +
         std::to_string(g.Int(0, 99999)) + " \"https://www.example.jp/\" \"" +
         g.Pick({"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                 "Gecko) Chrome/119.0 Safari/537.36",
                 "curl/8.4.0", "python-requests/2.31.0",
                 "sqlmap/1.7.11#stable (https://sqlmap.org)"}) +
         "\"";
}

std::string ErrorLine(Generator& g) {
  std::string clock = g.Clock();
  return "[Sun Nov " + g.Day() + " " + clock + ".123456 2026] [core:error] [pid " +
         std::to_string(g.Int(1000, 99999)) + ":tid 140234] [client " + g.Ip() + ":" +
         std::to_string(g.Int(1024, 65535)) + "] AH00128: File does not exist: /var/www/html/" +
         g.Pick({"wp-admin", ".git", "x.php"});
}

std::string W3cLine(Generator& g) {
  std::string clock = g.Clock();
  return "2026-11-" + g.Day() + " " + clock + " 10.0.2.15 " + g.Pick({"GET", "POST"}) +
         " /owa/auth/logon.aspx " + g.Pick({"-", "replaceCurrent=1&url=https%3a%2f%2fmail"}) +
         " 443 - " + g.Ip() + " Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - " +
         g.Pick({"200", "302", "404"}) + " 0 0 " + std::to_string(g.Int(1, 999));
}

std::string JsonLine(Generator& g) {
  std::string clock = g.Clock();
  return "{\"@timestamp\":\"2026-11-" + g.Day() + "T" + clock +
         ".123Z\",\"event\":{\"category\":\"authentication\",\"outcome\":\"" +
         g.Pick({"failure", "success"}) + "\"},\"source\":{\"ip\":\"" + g.Ip() +
         "\",\"port\":" + std::to_string(g.Int(1024, 65535)) + "},\"user\":{\"name\":\"" +
         g.User() + "\"},\"host\":{\"name\":\"bastion\"},\"message\":\"Failed password for " +
         g.User() + "\",\"tags\":[\"ssh\",\"auth\"]}";
}

using LineMaker = std::string (*)(Generator&);

// About kCorpusBytes of lines, generated once per format.
const std::string& Corpus(LogFormat format) {
  static std::string corpora[kLogFormatCount];
  std::string& corpus = corpora[static_cast<int>(format)];
  if (!corpus.empty()) return corpus;
  const LineMaker makers[kLogFormatCount] = {SyslogLine, Rfc5424Line, IsoLine, AccessLine,
                                             ErrorLine,  W3cLine,     JsonLine};
  Generator g(42);
  if (format == LogFormat::kW3c) {
    corpus =
        "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip "
        "cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
        "cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n";
  }
  while (corpus.size() < kCorpusBytes) corpus += makers[static_cast<int>(format)](g) + "\n";
  return corpus;
}

void BM_ParseLines(benchmark::State& state) {
  auto format = static_cast<LogFormat>(state.range(0));
  const std::string& corpus = Corpus(format);
  state.SetLabel(std::string(LogFormatName(format)));
  ParseOptions options{std::chrono::minutes{0}, *ParseRfc3339("2026-11-30T00:00:00Z")};
  Event event;
  uint64_t lines = 0, fields = 0;
  for (auto _ : state) {
    LineParser parser(format, options);
    const char* data = corpus.data();
    const char* end = data + corpus.size();
    while (data < end) {
      auto* newline = static_cast<const char*>(std::memchr(data, '\n', end - data));
      if (newline == nullptr) newline = end;
      if (parser.Parse(std::string_view(data, newline - data), event))
        fields += event.fields.size();
      ++lines;
      data = newline + 1;
    }
  }
  benchmark::DoNotOptimize(fields);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
  state.SetItemsProcessed(static_cast<int64_t>(lines));
}
BENCHMARK(BM_ParseLines)->DenseRange(0, kLogFormatCount - 1)->Unit(benchmark::kMillisecond);

// CPU seconds of the whole process (all threads): under a loaded machine the wall clock says
// little, and per-core throughput is what sizes a deployment.
double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

std::string TempFile(const std::string& name, const std::string& bytes, bool gzip) {
  std::string path = (std::filesystem::temp_directory_path() / name).string();
  if (gzip) {
    gzFile file = gzopen(path.c_str(), "wb6");
    gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(file);
  } else {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  return path;
}

// The driver over a page-cached file: read(), line splitting, detection, parsing, the sink.
// Arg 0: threads (chunks read in parallel); arg 1: gzip.
void BM_ReadFile(benchmark::State& state) {
  int threads = static_cast<int>(state.range(0));
  bool gzip = state.range(1) != 0;
  const std::string& corpus = Corpus(LogFormat::kSyslog3164);
  std::string path =
      TempFile(gzip ? "hikeshi_bench_auth.log.gz" : "hikeshi_bench_auth.log", corpus, gzip);
  ReadOptions options;
  options.year_reference = *ParseRfc3339("2026-11-30T00:00:00Z");
  auto file = LogFile::Open(path, options);
  if (!file) {
    state.SkipWithError(file.error().message.c_str());
    return;
  }
  auto chunks = file->Split(threads, 1);
  uint64_t events = 0;
  double cpu_start = ProcessCpuSeconds();
  for (auto _ : state) {
    std::vector<std::thread> workers;
    std::vector<uint64_t> counts(chunks->size());
    for (size_t i = 0; i < chunks->size(); ++i) {
      workers.emplace_back([&, i] {
        auto stats = file->Read([&](const Event&) { ++counts[i]; }, (*chunks)[i]);
        benchmark::DoNotOptimize(stats);
      });
    }
    for (auto& worker : workers) worker.join();
    for (uint64_t count : counts) events += count;
  }
  double cpu_seconds = ProcessCpuSeconds() - cpu_start;
  std::filesystem::remove(path);
  state.counters["MB_per_cpu_s"] =
      static_cast<double>(state.iterations() * corpus.size()) / 1e6 / cpu_seconds;
  state.SetLabel(gzip ? "syslog3164 gzip" : "syslog3164");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.size()));
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_ReadFile)
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

long PeakRssMegabytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// Flat memory on a huge input: state.range(0) GiB of syslog pushed through a pipe by a writer
// thread (no disk needed) and read by ReadLogStream. Reports the process's peak RSS before and
// after; the difference is what the reader needed.
void BM_ReadStreamPeakMemory(benchmark::State& state) {
  const std::string& corpus = Corpus(LogFormat::kSyslog3164);
  uint64_t total = static_cast<uint64_t>(state.range(0)) << 30;
  long rss_before = PeakRssMegabytes();
  uint64_t events = 0;
  double reader_cpu = 0;
  for (auto _ : state) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
      state.SkipWithError("pipe");
      return;
    }
    std::thread writer([&] {
      uint64_t written = 0;
      while (written < total) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(corpus.size(), total - written));
        size_t done = 0;
        while (done < n) {
          ssize_t w = write(pipe_fds[1], corpus.data() + done, n - done);
          if (w <= 0) break;
          done += static_cast<size_t>(w);
        }
        written += n;
      }
      close(pipe_fds[1]);
    });
    ReadOptions options;
    options.format = LogFormat::kSyslog3164;
    timespec start{}, end{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    auto stats = ReadLogStream(pipe_fds[0], "-", options, [&](const Event&) { ++events; });
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    reader_cpu += static_cast<double>(end.tv_sec - start.tv_sec) +
                  static_cast<double>(end.tv_nsec - start.tv_nsec) * 1e-9;
    writer.join();
    close(pipe_fds[0]);
    if (!stats) state.SkipWithError(stats.error().message.c_str());
  }
  state.counters["reader_MB_per_cpu_s"] = static_cast<double>(total) / 1e6 / reader_cpu;
  state.counters["peak_rss_before_mb"] = static_cast<double>(rss_before);
  state.counters["peak_rss_after_mb"] = static_cast<double>(PeakRssMegabytes());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total));
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_ReadStreamPeakMemory)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace hikeshi::triage

BENCHMARK_MAIN();
