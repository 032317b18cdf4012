#include "triage/sshd_session.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "triage/line_parser.h"

namespace hikeshi::triage {
namespace {

struct Parsed {
  bool session_failure = false;
  std::string src_ip;
};

// Parses `lines` in order with one RFC 3164 reader (its sshd context included).
std::vector<Parsed> ParseAll(const std::vector<std::string>& lines) {
  LineParser parser(LogFormat::kSyslog3164, ParseOptions{});
  std::vector<Parsed> out;
  Event event;
  for (const std::string& line : lines) {
    parser.Parse(line, event);
    out.push_back(
        {event.Get("session_failure").has_value(), std::string(event.Get("src_ip").value_or(""))});
  }
  return out;
}

TEST(SshdSession, AddresslessFailureCountsOnTheDisconnect) {
  auto parsed = ParseAll({
      "Apr 24 01:39:19 host sshd[3719]: User root not allowed because account is locked",
      "Apr 24 01:39:19 host sshd[3719]: input_userauth_request: invalid user root [preauth]",
      "Apr 24 01:39:19 host sshd[3719]: Received disconnect from 198.51.100.34: 11: Bye Bye "
      "[preauth]",
      "Apr 24 01:39:20 host sshd[3719]: Connection closed by 198.51.100.34 [preauth]",
  });
  EXPECT_FALSE(parsed[0].session_failure);
  EXPECT_FALSE(parsed[1].session_failure);
  EXPECT_TRUE(parsed[2].session_failure);
  EXPECT_FALSE(parsed[3].session_failure);  // the session ended with the disconnect
}

TEST(SshdSession, OtherPidOrHostDoesNotComplete) {
  auto parsed = ParseAll({
      "Nov 23 21:50:19 a sshd[9148]: Disconnecting: Too many authentication failures [preauth]",
      "Nov 23 21:50:37 a sshd[9149]: Connection closed by 61.0.0.1 [preauth]",
      "Nov 23 21:50:38 b sshd[9148]: Connection closed by 61.0.0.1 [preauth]",
  });
  EXPECT_FALSE(parsed[1].session_failure);
  EXPECT_FALSE(parsed[2].session_failure);
}

TEST(SshdSession, TooManyFailuresTakesTheSessionAddress) {
  auto parsed = ParseAll({
      "Feb 12 04:09:18 h sshd[26713]: Connection from 115.249.163.77 port 51353",
      "Feb 12 04:09:21 h sshd[26713]: Disconnecting: Too many authentication failures [preauth]",
  });
  EXPECT_TRUE(parsed[1].session_failure);
  EXPECT_EQ(parsed[1].src_ip, "115.249.163.77");
}

TEST(SshdSession, TooManyFailuresAfterCountedFailuresIsASummary) {
  auto parsed = ParseAll({
      "Feb 12 04:09:19 h sshd[5]: Failed password for root from 203.0.113.9 port 1 ssh2",
      "Feb 12 04:09:21 h sshd[5]: Disconnecting: Too many authentication failures [preauth]",
      "Feb 12 04:09:22 h sshd[5]: Connection closed by 203.0.113.9 [preauth]",
  });
  EXPECT_FALSE(parsed[1].session_failure);
  EXPECT_FALSE(parsed[2].session_failure);
}

TEST(SshdSession, PamFailureThenAnotherUser) {
  auto parsed = ParseAll({
      "Mar  7 18:53:20 bar sshd[1556]: pam_unix(sshd:auth): authentication failure; logname= "
      "uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.113  user=rda",
      "Mar  7 18:53:20 bar sshd[1556]: Accepted password for rda from 192.0.2.113 port 5 ssh2",
      "Mar  7 18:53:22 bar sshd[1558]: pam_unix(sshd:auth): authentication failure; logname= "
      "uid=0 euid=0 tty=ssh ruser=root rhost=192.0.2.114",
      "Mar  7 18:53:23 bar sshd[1558]: pam_unix(sshd:auth): authentication failure; logname= "
      "uid=0 euid=0 tty=ssh ruser=sudoer rhost=192.0.2.114",
      "Mar  7 18:53:24 bar sshd[1558]: Accepted password for known from 192.0.2.114 port 5 ssh2",
  });
  EXPECT_FALSE(parsed[0].session_failure);
  EXPECT_FALSE(parsed[1].session_failure);  // a second PAM module accepted the same user
  EXPECT_FALSE(parsed[2].session_failure);
  EXPECT_TRUE(parsed[3].session_failure);
  EXPECT_TRUE(parsed[4].session_failure);
}

// Hostile input: pids that are not numbers, huge, or empty never crash or leak state into
// well-formed sessions.
TEST(SshdSession, HostilePidsAndAddresses) {
  std::string long_host(300, 'a');
  auto parsed = ParseAll({
      "Nov 23 21:50:19 h sshd[]: Disconnecting: Too many authentication failures [preauth]",
      "Nov 23 21:50:19 h sshd[" + std::string(500, '9') +
          "]: User root not allowed because account is locked",
      "Nov 23 21:50:20 h sshd[" + std::string(500, '9') + "]: Connection closed by " + long_host +
          " [preauth]",
      "Nov 23 21:50:21 h sshd[7]: Connection closed by 61.0.0.1 [preauth]",
  });
  EXPECT_FALSE(parsed[3].session_failure);
}

}  // namespace
}  // namespace hikeshi::triage
