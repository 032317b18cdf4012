// sshd/PAM field extraction against data nobody here wrote: fail2ban's annotated sshd test
// logs and loghub's OpenSSH and Linux samples.
#include "triage/auth_fields.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "triage/line_parser.h"

namespace hikeshi::triage {
namespace {

std::string SharedPath(const std::string& relative) {
  const char* shared = std::getenv("HIKESHI_SHARED");
  EXPECT_NE(shared, nullptr) << "HIKESHI_SHARED must point at ../shared";
  return std::string(shared ? shared : "") + "/" + relative;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream file(path);
  EXPECT_TRUE(file) << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);
  return lines;
}

ParseOptions Options() { return {std::chrono::minutes{0}, *ParseRfc3339("2006-01-01T00:00:00Z")}; }

// Parses one syslog line in whichever syslog flavour it has.
void ParseSyslogLine(const std::string& line, LineParser& bsd, LineParser& iso, LineParser& ietf,
                     Event& event) {
  auto format = ClassifyLine(line);
  if (format == LogFormat::kSyslogIso) {
    iso.Parse(line, event);
  } else if (format == LogFormat::kSyslog5424) {
    ietf.Parse(line, event);
  } else {
    bsd.Parse(line, event);
  }
}

std::string SourceOf(const Event& event) {
  if (auto ip = event.Get("src_ip")) return std::string(*ip);
  if (auto host = event.Get("src_host")) return std::string(*host);
  return {};
}

// For every line fail2ban annotates as a failure with its host, when the host is written on
// that line (not carried over from an earlier line of the same connection), the reader puts
// exactly that host in src_ip/src_host and names an outcome. The user names match where
// fail2ban records one. Injection cases (user names containing " from X") are in the files.
void CheckFail2banFile(const std::string& name, int expected_checked) {
  LineParser bsd(LogFormat::kSyslog3164, Options());
  LineParser iso(LogFormat::kSyslogIso, Options());
  LineParser ietf(LogFormat::kSyslog5424, Options());
  Event event;
  std::optional<nlohmann::json> annotation;
  int checked = 0, wrong_source = 0, no_outcome = 0, users_checked = 0;
  for (const std::string& line : ReadLines(SharedPath("data/logs/fail2ban/" + name))) {
    if (line.starts_with("# failJSON:")) {
      annotation = nlohmann::json::parse(line.substr(11), nullptr, false);
      continue;
    }
    if (line.empty() || line.starts_with("#")) continue;
    ParseSyslogLine(line, bsd, iso, ietf, event);  // every line parses without crashing
    if (!annotation || annotation->is_discarded()) continue;
    nlohmann::json expected = *annotation;
    annotation.reset();
    if (!expected.value("match", false) || !expected.contains("host") ||
        !expected["host"].is_string()) {
      continue;
    }
    std::string host = expected["host"];
    if (line.find(host) == std::string::npos) continue;  // host known from an earlier line
    ++checked;
    if (SourceOf(event) != host) {
      ++wrong_source;
      ADD_FAILURE() << name << ": source " << SourceOf(event) << " != " << host << " in\n" << line;
    }
    if (!event.Get("outcome")) {
      ++no_outcome;
      ADD_FAILURE() << name << ": no outcome for\n" << line;
    }
    if (expected.contains("user") && expected["user"].is_string()) {
      ++users_checked;
      EXPECT_EQ(event.Get("user").value_or("<none>"), expected["user"].get<std::string>()) << line;
    }
  }
  EXPECT_EQ(checked, expected_checked) << name;
  EXPECT_GT(users_checked, 0) << name;
  EXPECT_EQ(wrong_source, 0);
  EXPECT_EQ(no_outcome, 0);
  EXPECT_EQ(bsd.anomalies().Total() + iso.anomalies().Total() + ietf.anomalies().Total(), 0u)
      << name;
}

Event Extract(std::string_view message) {
  Event event;
  event.format = "test";
  ExtractSshdFields(message, event);
  return event;
}

TEST(AuthFields, UserNameCannotMoveTheSourceAddress) {
  Event event = Extract("Failed password for x from 1.2.3.4: y from 5.6.7.8 port 22 ssh2");
  EXPECT_EQ(event.Get("src_ip"), "5.6.7.8");
  EXPECT_EQ(event.Get("user"), "x from 1.2.3.4: y");
  event = Extract("Failed password for a from 1.2.3.4 port 9 ssh2 b from 5.6.7.8 port 22 ssh2");
  EXPECT_EQ(event.Get("src_ip"), "5.6.7.8");
  EXPECT_EQ(event.Get("src_port"), "22");
  event = Extract("Connection closed by authenticating user u 1.2.3.4 port 1 5.6.7.8 port 2");
  EXPECT_EQ(event.Get("src_ip"), "5.6.7.8");
  EXPECT_EQ(event.Get("user"), "u 1.2.3.4 port 1");
}

TEST(AuthFields, UnrecognisedLinesAddNothing) {
  for (const char* message : {"Server listening on 0.0.0.0 port 22.", "", "Failed", "User", "PAM",
                              "pam_unix(sshd:session): nothing", "error: ", "[ID 1"}) {
    Event event = Extract(message);
    EXPECT_TRUE(event.fields.empty()) << message;
  }
}

TEST(AuthFields, Fail2banSshdAnnotationsAgree) { CheckFail2banFile("sshd", 97); }
TEST(AuthFields, Fail2banSshdJournalAnnotationsAgree) { CheckFail2banFile("sshd-journal", 78); }

}  // namespace
}  // namespace hikeshi::triage
