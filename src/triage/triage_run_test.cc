// End-to-end tests of the triage pipeline on third-party logs from ../shared/data (HIKESHI_SHARED):
// fail2ban's annotated sshd samples (precision and recall of the built-in failure rule), loghub's
// OpenSSH and Linux samples (brute-force sources against an independent count) and a web attack
// access log.
#include "triage/triage_run.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

namespace hikeshi::triage {
namespace {
namespace fs = std::filesystem;

constexpr std::string_view kSshFailureRule = "949780d5-b62b-4e9e-897b-bc00881df40e";
constexpr std::string_view kSshBruteForceRule = "4a601147-f58a-4c26-9c94-abcaa61d1d07";
// The issue asks for 0.95 each on fail2ban's annotated sshd samples; measured 1.0 and 1.0.
constexpr double kExpectedPrecision = 0.95;
constexpr double kExpectedRecall = 0.95;

fs::path Shared() {
  const char* shared = std::getenv("HIKESHI_SHARED");
  return shared ? fs::path(shared) : fs::path();
}

struct Line {
  uint64_t offset;
  std::string text;
};

std::vector<Line> ReadLines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<Line> lines;
  std::string text;
  uint64_t offset = 0;
  while (std::getline(in, text)) {
    uint64_t length = text.size() + 1;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    lines.push_back({offset, text});
    offset += length;
  }
  return lines;
}

TriageResult RunOn(const std::vector<fs::path>& paths) {
  auto result = RunTriage(paths, TriageOptions{});
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().message);
  return result ? std::move(*result) : TriageResult{};
}

TEST(TriageRun, EmptyGroupKey) {
  EXPECT_TRUE(EmptyGroupKey("src_ip="));
  EXPECT_TRUE(EmptyGroupKey("src_ip=,user="));
  EXPECT_FALSE(EmptyGroupKey("src_ip=1.2.3.4"));
  EXPECT_FALSE(EmptyGroupKey("src_ip=,user=root"));
  EXPECT_FALSE(EmptyGroupKey(""));
}

TEST(TriageRun, MissingPathIsAnError) {
  std::vector<fs::path> paths = {"/nonexistent/hikeshi/triage"};
  auto result = RunTriage(paths, TriageOptions{});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(TriageRun, BuiltinRulesCompileWithoutRefusals) {
  fs::path dir = fs::temp_directory_path() / "hikeshi_triage_run_empty";
  fs::create_directories(dir);
  std::ofstream(dir / "a.log") << "Nov 22 10:15:01 host sshd[1]: Connection closed\n";
  std::vector<fs::path> paths = {dir};
  TriageResult result = RunOn(paths);
  EXPECT_GT(result.compile_report.detection_rules, 0u);
  EXPECT_GT(result.compile_report.correlation_rules, 0u);
  EXPECT_TRUE(result.compile_report.unsupported.empty()) << result.compile_report.Summary();
  EXPECT_EQ(result.files, 1u);
  EXPECT_EQ(result.events, 1u);
  EXPECT_TRUE(result.findings.empty());
  fs::remove_all(dir);
}

// fail2ban's test logs annotate each sample line with the `# failJSON: {...}` line before it;
// "match": true marks a line fail2ban counts as an authentication failure of the host given.
// The built-in rule "SSH authentication failure" should flag the same lines, in every sshd
// sample (`sshd`, `sshd-journal`; `zzz-sshd-obsolete-multiline` only includes `sshd`). Only
// sections in fail2ban's default ("normal") mode count: the ddos, extra and aggressive sections
// annotate connection resets, protocol errors and key-exchange failures, which are not
// authentication failures. The comparison is line by line: fail2ban counts one line per failed
// attempt, and so does the rule (sshd_session.h carries what sshd logs across lines).
void ExpectFail2banAgreement(const fs::path& file) {
  ASSERT_TRUE(fs::exists(file)) << file;
  std::vector<Line> lines = ReadLines(file);

  std::map<uint64_t, bool> expected;  // offset → annotated match
  std::optional<bool> pending;
  bool skip_next = false;
  bool normal_mode = true;  // the section's filterOptions include fail2ban's default mode
  for (const Line& line : lines) {
    if (line.text.starts_with("# filterOptions:")) {
      normal_mode = line.text.find("{}") != std::string::npos ||
                    line.text.find("\"mode\"") == std::string::npos;
      continue;
    }
    if (line.text.starts_with("# failJSON:")) {
      size_t at = line.text.find("\"match\"");
      if (at == std::string::npos) continue;
      if (!normal_mode || line.text.find("== 'aggressive'") != std::string::npos) {
        pending = std::nullopt;
        skip_next = true;
        continue;
      }
      size_t value = line.text.find_first_not_of(" :", at + 7);
      pending = value != std::string::npos && line.text.compare(value, 4, "true") == 0;
      continue;
    }
    if (line.text.empty() || line.text.starts_with('#')) continue;
    if (!normal_mode || std::exchange(skip_next, false)) continue;  // out of scope, see above
    expected[line.offset] = pending.value_or(false);
    pending.reset();
  }
  ASSERT_GT(expected.size(), 50u) << file;

  std::vector<fs::path> paths = {file};
  TriageResult result = RunOn(paths);
  EXPECT_EQ(result.timeline_dropped, 0u);
  std::set<uint64_t> flagged;
  for (const TimelineEntry& entry : result.timeline) {
    for (const std::string& id : entry.rule_ids) {
      if (id == kSshFailureRule) flagged.insert(entry.offset);
    }
  }
  size_t true_positive = 0, false_positive = 0, positives = 0;
  std::ostringstream missed, wrong;
  for (const auto& [offset, match] : expected) {
    bool hit = flagged.contains(offset);
    positives += match;
    if (hit && match) ++true_positive;
    if (hit && !match) ++false_positive;
    auto text = [&] {
      for (const Line& line : lines) {
        if (line.offset == offset) return line.text;
      }
      return std::string();
    };
    if (!hit && match) missed << "  missed: " << text() << "\n";
    if (hit && !match) wrong << "  wrong: " << text() << "\n";
  }
  double precision = true_positive / std::max(1.0, double(true_positive + false_positive));
  double recall = true_positive / std::max(1.0, double(positives));
  std::cout << "fail2ban " << file.filename() << ": " << expected.size() << " annotated lines, "
            << positives << " failures; flagged " << flagged.size() << "; precision " << precision
            << ", recall " << recall << "\n"
            << wrong.str() << missed.str();
  EXPECT_GE(precision, kExpectedPrecision) << file;
  EXPECT_GE(recall, kExpectedRecall) << file;
}

TEST(TriageRun, Fail2banSshdPrecisionAndRecall) {
  ASSERT_FALSE(Shared().empty()) << "HIKESHI_SHARED must point at ../shared";
  ExpectFail2banAgreement(Shared() / "data/logs/fail2ban/sshd");
}

TEST(TriageRun, Fail2banSshdJournalPrecisionAndRecall) {
  ASSERT_FALSE(Shared().empty()) << "HIKESHI_SHARED must point at ../shared";
  ExpectFail2banAgreement(Shared() / "data/logs/fail2ban/sshd-journal");
}

// Failed SSH authentications per source address, counted with plain string scanning: the lines
// the built-in failure rule names (its keywords, and PAM "authentication failure" lines, which
// the reader gives outcome=failure), the address after " from " or "rhost=".
struct Failure {
  int64_t second;  // seconds into the year
  std::string ip;
};

bool IsIpv4(std::string_view text) {
  int dots = 0;
  for (char c : text) {
    if (c == '.')
      ++dots;
    else if (c < '0' || c > '9')
      return false;
  }
  return dots == 3;
}

std::optional<Failure> ScanFailure(const std::string& line) {
  if (line.find(" sshd[") == std::string::npos && line.find(" sshd(") == std::string::npos &&
      line.find(" sshd-session[") == std::string::npos) {
    return std::nullopt;
  }
  static const char* kKeywords[] = {"Failed password for ",
                                    "Failed keyboard-interactive/pam for ",
                                    "Failed none for ",
                                    "Invalid user ",
                                    "maximum authentication attempts exceeded",
                                    "authentication failure;",
                                    " not allowed because ",
                                    "ROOT LOGIN REFUSED FROM ",
                                    "refused connect from ",
                                    "Disconnecting: Too many authentication failures",
                                    "User not known to the underlying authentication module",
                                    ": Auth fail"};
  bool failure = false;
  for (const char* keyword : kKeywords) failure |= line.find(keyword) != std::string::npos;
  // sshd's own PAM conversation ("sshd[1]: pam_unix(sshd:auth): authentication failure;")
  // is the first half of an attempt sshd logs again as "Failed password": counted once.
  if (size_t tag = line.find("]: pam_"); tag != std::string::npos && line.find(" sshd") < tag) {
    return std::nullopt;
  }
  if (!failure || line.find("message repeated") != std::string::npos) return std::nullopt;
  std::string ip;
  if (size_t at = line.find("rhost="); at != std::string::npos) {
    ip = line.substr(at + 6, line.find_first_of(" ", at + 6) - at - 6);
  } else if (size_t from = line.rfind(" from "); from != std::string::npos) {
    ip = line.substr(from + 6, line.find(' ', from + 6) - from - 6);
  }
  if (!IsIpv4(ip)) ip.clear();
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int month = 0;
  while (month < 12 && line.compare(0, 3, kMonths[month]) != 0) ++month;
  int day = std::atoi(line.c_str() + 4), hour = std::atoi(line.c_str() + 7),
      minute = std::atoi(line.c_str() + 10), second = std::atoi(line.c_str() + 13);
  return Failure{(((month * 31 + day) * 24 + hour) * 60 + minute) * 60 + second, ip};
}

// Sources with at least 10 failures within 10 minutes (the rule's event_count gte 10, 10m).
std::set<std::string> CountBruteForce(const fs::path& file) {
  std::map<std::string, std::deque<int64_t>> windows;
  std::set<std::string> sources;
  for (const Line& line : ReadLines(file)) {
    std::optional<Failure> failure = ScanFailure(line.text);
    if (!failure || failure->ip.empty()) continue;
    std::deque<int64_t>& window = windows[failure->ip];
    window.push_back(failure->second);
    while (window.front() <= failure->second - 600) window.pop_front();
    if (window.size() >= 10) sources.insert(failure->ip);
  }
  return sources;
}

std::set<std::string> FoundBruteForce(const TriageResult& result) {
  std::set<std::string> sources;
  for (const Finding& finding : result.findings) {
    if (finding.rule_id != kSshBruteForceRule) continue;
    EXPECT_TRUE(finding.group_key.starts_with("src_ip=")) << finding.group_key;
    sources.insert(finding.group_key.substr(7));
  }
  return sources;
}

void ExpectSameBruteForce(const fs::path& file, bool host_name_failures) {
  ASSERT_TRUE(fs::exists(file)) << file;
  std::vector<fs::path> paths = {file};
  TriageResult result = RunOn(paths);
  std::set<std::string> expected = CountBruteForce(file);
  std::set<std::string> found = FoundBruteForce(result);
  // Failures without an address (PAM rhost= a host name, in Linux_2k) formed an empty group,
  // not reported.
  if (host_name_failures) {
    EXPECT_GT(result.empty_group_findings, 0u);
  }
  std::cout << file.filename() << ": " << result.events << " events, " << expected.size()
            << " brute-force sources counted, " << found.size() << " found\n";
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(found, expected);
}

TEST(TriageRun, LoghubOpenSshBruteForceSources) {
  ASSERT_FALSE(Shared().empty()) << "HIKESHI_SHARED must point at ../shared";
  ExpectSameBruteForce(Shared() / "data/logs/loghub/OpenSSH_2k.log", false);
}

TEST(TriageRun, LoghubLinuxBruteForceSources) {
  ASSERT_FALSE(Shared().empty()) << "HIKESHI_SHARED must point at ../shared";
  ExpectSameBruteForce(Shared() / "data/logs/loghub/Linux_2k.log", true);
}

// Parallel matching (small chunks, several threads) gives exactly the sequential result.
TEST(TriageRun, ThreadsGiveTheSequentialResult) {
  ASSERT_FALSE(Shared().empty()) << "HIKESHI_SHARED must point at ../shared";
  std::vector<fs::path> paths = {Shared() / "data/logs/loghub/OpenSSH_2k.log",
                                 Shared() / "data/logs/loghub/Linux_2k.log"};
  TriageResult sequential = RunOn(paths);
  TriageOptions options;
  options.threads = 3;
  options.chunk_bytes = 16 << 10;
  options.finding_memory_bytes = 8 << 10;  // spilled in many sorted runs, merged when read
  auto parallel = RunTriage(paths, options);
  ASSERT_TRUE(parallel.has_value()) << parallel.error().message;
  EXPECT_EQ(parallel->events, sequential.events);
  EXPECT_EQ(parallel->lines, sequential.lines);
  EXPECT_EQ(parallel->bytes, sequential.bytes);
  ASSERT_EQ(parallel->findings.size(), sequential.findings.size());
  EXPECT_FALSE(sequential.findings.empty());
  EXPECT_EQ(sequential.findings.runs(), 0u);
  EXPECT_GT(parallel->findings.runs(), 1u);
  std::vector<Finding> expected = sequential.findings.ToVector();
  std::vector<Finding> got = parallel->findings.ToVector();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Finding& a = expected[i];
    const Finding& b = got[i];
    EXPECT_EQ(std::tie(a.time, a.rule_id, a.rule_title, a.level, a.tags, a.source, a.offset,
                       a.correlation, a.group_key, a.count, a.matched_fields),
              std::tie(b.time, b.rule_id, b.rule_title, b.level, b.tags, b.source, b.offset,
                       b.correlation, b.group_key, b.count, b.matched_fields))
        << i;
  }
  ASSERT_EQ(parallel->timeline.size(), sequential.timeline.size());
  for (size_t i = 0; i < sequential.timeline.size(); ++i) {
    EXPECT_EQ(parallel->timeline[i].offset, sequential.timeline[i].offset) << i;
    EXPECT_EQ(parallel->timeline[i].rule_ids, sequential.timeline[i].rule_ids) << i;
  }
}

TEST(TriageRun, WebAttackAccessLogYieldsWebFindings) {
  ASSERT_FALSE(Shared().empty()) << "HIKESHI_SHARED must point at ../shared";
  fs::path file = Shared() /
                  "data/evtx/attack-samples/Command and Control/"
                  "web_attack_and_isp_webshell_localhost_access_log.txt";
  ASSERT_TRUE(fs::exists(file)) << file;
  std::vector<fs::path> paths = {file};
  TriageResult result = RunOn(paths);
  std::map<std::string, int> by_title;
  for (const Finding& finding : result.findings) ++by_title[finding.rule_title];
  for (const auto& [title, count] : by_title) std::cout << "  " << title << ": " << count << "\n";
  EXPECT_GT(result.events, 0u);
  EXPECT_FALSE(result.findings.empty());
  std::vector<Finding> sorted = result.findings.ToVector();
  EXPECT_TRUE(std::is_sorted(sorted.begin(), sorted.end(), FindingBefore));
  for (const Finding& finding : result.findings) {
    if (finding.correlation) continue;
    bool has_client = false;
    for (const auto& [name, value] : finding.matched_fields) has_client |= name == "c-ip";
    EXPECT_TRUE(has_client) << finding.rule_title << " at " << finding.offset;
  }
}

}  // namespace
}  // namespace hikeshi::triage
