// Whole real-world files through the driver with auto-detection: loghub's OpenSSH, Linux and
// Apache samples and the attack-sample web logs. Every count asserted here is also computed
// independently from the raw text (plain substring tests on each line), and the numbers those
// give were checked once with grep -c (quoted beside each assertion).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>

#include "triage/log_reader.h"

namespace hikeshi::triage {
namespace {

std::string SharedPath(const std::string& relative) {
  const char* shared = std::getenv("HIKESHI_SHARED");
  EXPECT_NE(shared, nullptr) << "HIKESHI_SHARED must point at ../shared";
  return std::string(shared ? shared : "") + "/" + relative;
}

// Lines of the raw file for which `predicate` holds.
int CountLines(const std::string& path, const std::function<bool(const std::string&)>& predicate) {
  std::ifstream file(path, std::ios::binary);
  int count = 0;
  for (std::string line; std::getline(file, line);) count += predicate(line) ? 1 : 0;
  return count;
}

auto Contains(std::string needle) {
  return [needle](const std::string& line) { return line.find(needle) != std::string::npos; };
}

bool Has(const Event& event, std::string_view name, std::string_view value) {
  return event.Get(name) == value;
}

struct Read {
  ReadStats stats;
  LogFormat format;
};

Read ReadAll(const std::string& path, const EventSink& sink) {
  ReadOptions options;
  options.year_reference = *ParseRfc3339("2006-01-01T00:00:00Z");
  auto file = LogFile::Open(path, options);
  EXPECT_TRUE(file.has_value()) << path;
  if (!file) return {};
  auto stats = file->Read(sink);
  EXPECT_TRUE(stats.has_value()) << path;
  return {stats.value_or(ReadStats{}), file->format()};
}

TEST(SharedLogs, LoghubOpenSsh) {
  std::string path = SharedPath("data/logs/loghub/OpenSSH_2k.log");
  int password_failures = 0, pam_failures = 0, invalid_users = 0, accepted = 0, disconnects = 0,
      reverse = 0, without_time = 0, failures_without_source = 0;
  auto read = ReadAll(path, [&](const Event& event) {
    if (!event.time) ++without_time;
    bool failure = Has(event, "outcome", "failure");
    if (failure && !event.Get("src_ip") && !event.Get("src_host")) ++failures_without_source;
    if (failure && Has(event, "auth_method", "password")) ++password_failures;
    if (failure && Has(event, "auth_method", "pam")) ++pam_failures;
    if (Has(event, "outcome", "invalid-user") && event.Get("src_ip")) ++invalid_users;
    if (Has(event, "outcome", "success")) ++accepted;
    if (Has(event, "outcome", "disconnected") && event.Get("src_ip")) ++disconnects;
    if (Has(event, "outcome", "reverse-mapping-failed") && event.Get("src_ip")) ++reverse;
  });
  EXPECT_EQ(read.format, LogFormat::kSyslog3164);
  EXPECT_EQ(read.stats.events, 2000u);
  EXPECT_EQ(read.stats.anomalies.Total(), 0u);
  EXPECT_EQ(without_time, 0);
  // grep -c 'Failed password for' → 520 (2 inside "message repeated 5 times: [ … ]").
  EXPECT_EQ(password_failures, CountLines(path, Contains("Failed password for")));
  EXPECT_EQ(password_failures, 520);
  // grep -c 'authentication failure' → 507, of which 3 are "Disconnecting: Too many
  // authentication failures"; the rest are pam_unix failures and "PAM N more … failures".
  EXPECT_EQ(pam_failures, CountLines(path, [](const std::string& line) {
              return line.find("authentication failure") != std::string::npos &&
                     line.find("Disconnecting") == std::string::npos;
            }));
  EXPECT_EQ(pam_failures, 504);
  EXPECT_EQ(invalid_users, CountLines(path, Contains("Invalid user ")));  // 113
  EXPECT_EQ(invalid_users, 113);
  EXPECT_EQ(accepted, 1);
  // grep -c 'Received disconnect from' → 468, of which 2 are a JSch client's "3: …: Auth
  // fail", a failed authentication (outcome failure).
  EXPECT_EQ(disconnects, CountLines(path, [](const std::string& line) {
              return line.find("Received disconnect from") != std::string::npos &&
                     line.find(": Auth fail") == std::string::npos;
            }));
  EXPECT_EQ(disconnects, 466);
  EXPECT_EQ(reverse, 85);
  EXPECT_EQ(failures_without_source, 0);
}

TEST(SharedLogs, LoghubLinux) {
  std::string path = SharedPath("data/logs/loghub/Linux_2k.log");
  int sshd_failures = 0, any_time = 0;
  auto read = ReadAll(path, [&](const Event& event) {
    any_time += event.time ? 1 : 0;
    if (event.program == "sshd" && Has(event, "outcome", "failure") &&
        (event.Get("src_ip") || event.Get("src_host"))) {
      ++sshd_failures;
    }
  });
  EXPECT_EQ(read.format, LogFormat::kSyslog3164);
  EXPECT_EQ(read.stats.events, 2000u);
  EXPECT_EQ(any_time, 2000);
  // grep -c 'sshd(pam_unix).*authentication failure' → 489.
  EXPECT_EQ(sshd_failures, CountLines(path, [](const std::string& line) {
              return line.find("sshd(pam_unix)") != std::string::npos &&
                     line.find("authentication failure") != std::string::npos;
            }));
  EXPECT_EQ(sshd_failures, 489);
}

TEST(SharedLogs, LoghubApacheError) {
  std::string path = SharedPath("data/logs/loghub/Apache_2k.log");
  int with_level = 0, with_client = 0, with_time = 0;
  auto read = ReadAll(path, [&](const Event& event) {
    with_level += event.Get("level") ? 1 : 0;
    with_client += event.Get("c-ip") ? 1 : 0;
    with_time += event.time ? 1 : 0;
  });
  EXPECT_EQ(read.format, LogFormat::kApacheError);
  EXPECT_EQ(read.stats.events, 2000u);
  EXPECT_EQ(read.stats.anomalies.Total(), 0u);
  EXPECT_EQ(with_level, 2000);
  EXPECT_EQ(with_time, 2000);
  EXPECT_EQ(with_client, CountLines(path, Contains("[client ")));  // grep -c → 32
  EXPECT_EQ(with_client, 32);
}

TEST(SharedLogs, AttackSampleAccessLog) {
  std::string path = SharedPath(
      "data/evtx/attack-samples/Command and Control/"
      "web_attack_and_isp_webshell_localhost_access_log.txt");
  int not_found = 0, posts = 0, with_time = 0;
  auto read = ReadAll(path, [&](const Event& event) {
    not_found += Has(event, "sc-status", "404") ? 1 : 0;
    posts += Has(event, "cs-method", "POST") ? 1 : 0;
    with_time += event.time ? 1 : 0;
  });
  EXPECT_EQ(read.format, LogFormat::kAccess);
  EXPECT_EQ(read.stats.events, 2661u);
  EXPECT_EQ(with_time, 2661);
  EXPECT_EQ(not_found, CountLines(path, Contains("\" 404 ")));  // grep -c → 1484
  EXPECT_EQ(posts, CountLines(path, Contains("\"POST ")));      // grep -c → 77
}

TEST(SharedLogs, AttackSampleIisLog) {
  std::string path =
      SharedPath("data/evtx/attack-samples/Command and Control/Tunna_rdp_tunnel_IIS.log");
  int with_query = 0, with_time = 0;
  auto read = ReadAll(path, [&](const Event& event) {
    with_query += event.Get("cs-uri-query") ? 1 : 0;
    with_time += event.time ? 1 : 0;
  });
  EXPECT_EQ(read.format, LogFormat::kW3c);
  // 4308 lines: 9 directives/comments, the rest requests (grep -c '^[0-9]' → 4298).
  int requests = CountLines(path, [](const std::string& line) {
    return !line.empty() && line[0] >= '0' && line[0] <= '9';
  });
  EXPECT_EQ(static_cast<int>(read.stats.events), requests);
  EXPECT_EQ(with_time, requests);
  EXPECT_EQ(with_query, CountLines(path, [](const std::string& line) {
              return !line.empty() && line[0] >= '0' && line[0] <= '9' &&
                     line.find(" /erp/conn.aspx - ") == std::string::npos &&
                     line.find(".aspx ") != std::string::npos;
            }));
}

}  // namespace
}  // namespace hikeshi::triage
