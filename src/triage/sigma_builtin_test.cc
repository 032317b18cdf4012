// Hikeshi's built-in rules (rules/builtin/) on hand-built events: brute force, success after
// brute force, password spraying, port scans, web scans, web shells and defacement.
#include "triage/sigma_builtin.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "triage/sigma_correlation.h"
#include "triage/sigma_loader.h"
#include "triage/sigma_test_support.h"

namespace hikeshi::triage {
namespace {

using testing::At;
using testing::MakeEvent;
using Fields = std::vector<std::pair<std::string, std::string>>;

class BuiltinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SigmaRuleSet set;
    LoadSigmaBuiltinRules(set);
    auto compiled = SigmaEngine::Compile(std::move(set));
    ASSERT_TRUE(compiled) << compiled.error().message;
    engine_ = std::move(*compiled);
    ASSERT_TRUE(engine_->report().unsupported.empty()) << engine_->report().Summary();
    matcher_ = std::make_unique<SigmaMatcher>(*engine_);
    correlator_ = std::make_unique<SigmaCorrelator>(*engine_);
  }

  std::vector<std::string> Feed(Event event) {
    std::vector<Finding> out;
    correlator_->Observe(event, matcher_->Match(event), *matcher_, out);
    std::vector<std::string> titles;
    for (const Finding& f : out) titles.push_back(f.rule_title);
    all_.insert(all_.end(), out.begin(), out.end());
    return titles;
  }
  std::vector<std::string> Syslog(int64_t second, std::string_view program,
                                  std::string_view message, Fields fields) {
    return Feed(MakeEvent("syslog3164", std::move(fields), message, program, At(second)));
  }
  std::vector<std::string> Access(int64_t second, std::string ip, std::string method,
                                  std::string stem, std::string query, std::string status,
                                  std::string agent = "Mozilla/5.0") {
    return Feed(MakeEvent("access",
                          {{"c-ip", ip},
                           {"cs-method", method},
                           {"cs-uri-stem", stem},
                           {"cs-uri-query", query},
                           {"sc-status", status},
                           {"cs-user-agent", agent}},
                          "", "", At(second)));
  }
  std::map<std::string, int> Counts() const {
    std::map<std::string, int> counts;
    for (const Finding& f : all_) ++counts[f.rule_title];
    return counts;
  }

  std::unique_ptr<SigmaEngine> engine_;
  std::unique_ptr<SigmaMatcher> matcher_;
  std::unique_ptr<SigmaCorrelator> correlator_;
  std::vector<Finding> all_;
};

TEST_F(BuiltinTest, LoadsEveryBuiltinRule) {
  EXPECT_EQ(engine_->report().detection_rules, 15u);
  EXPECT_EQ(engine_->report().correlation_rules, 13u);
}

TEST(BuiltinFilesTest, EmbeddedCopiesEqualTheRuleFiles) {
  auto files = SigmaBuiltinRuleFiles();
  ASSERT_EQ(files.size(), 8u);
  for (const SigmaBuiltinRuleFile& file : files) {
    std::ifstream in(std::string(HIKESHI_SOURCE_DIR "/rules/builtin/") + std::string(file.name));
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), file.text) << file.name;
  }
}

TEST_F(BuiltinTest, SshBruteForceThenSuccess) {
  for (int i = 0; i < 9; ++i) {
    EXPECT_TRUE(Syslog(i, "sshd", "Failed password for root from 203.0.113.9 port 4000 ssh2",
                       {{"src_ip", "203.0.113.9"}, {"user", "root"}})
                    .empty());
  }
  // Another source stays below the threshold; the tenth failure of the first fires.
  Syslog(9, "sshd", "Failed password for root from 198.51.100.1 port 1 ssh2",
         {{"src_ip", "198.51.100.1"}});
  EXPECT_EQ(Syslog(10, "sshd", "Failed password for root from 203.0.113.9 port 4000 ssh2",
                   {{"src_ip", "203.0.113.9"}, {"user", "root"}}),
            std::vector<std::string>{"SSH brute force"});
  EXPECT_EQ(Syslog(20, "sshd", "Accepted password for root from 203.0.113.9 port 4001 ssh2",
                   {{"src_ip", "203.0.113.9"}, {"user", "root"}}),
            std::vector<std::string>{"SSH login after brute force"});
  // An ordinary login elsewhere is no finding (successes are quiet on their own).
  EXPECT_TRUE(Syslog(30, "sshd", "Accepted publickey for alice from 192.0.2.4 port 5 ssh2",
                     {{"src_ip", "192.0.2.4"}, {"user", "alice"}})
                  .empty());
  ASSERT_EQ(all_.size(), 2u);
  EXPECT_EQ(all_[0].group_key, "src_ip=203.0.113.9");
  EXPECT_EQ(all_[0].count, 10u);
  EXPECT_EQ(all_[1].level, "high");
}

TEST_F(BuiltinTest, SshFailuresByOutcomeFieldAlone) {
  for (int i = 0; i < 10; ++i) {
    Syslog(i, "sshd", "something the reader understood",
           {{"src_ip", "203.0.113.8"}, {"outcome", "failure"}});
  }
  EXPECT_EQ(Counts()["SSH brute force"], 1);
}

TEST_F(BuiltinTest, FtpAndMailBruteForce) {
  for (int i = 0; i < 10; ++i) {
    Syslog(i, "vsftpd", "[ftp] FAIL LOGIN: Client \"203.0.113.7\"", {{"src_ip", "203.0.113.7"}});
    Syslog(
        i, "postfix/smtpd",
        "warning: unknown[203.0.113.5]: SASL LOGIN authentication failed: authentication failure",
        {{"src_ip", "203.0.113.5"}});
  }
  Syslog(11, "vsftpd", "[bob] OK LOGIN: Client \"203.0.113.7\"", {{"src_ip", "203.0.113.7"}});
  auto counts = Counts();
  EXPECT_EQ(counts["FTP brute force"], 1);
  EXPECT_EQ(counts["FTP login after brute force"], 1);
  EXPECT_EQ(counts["Mail brute force"], 1);
  EXPECT_EQ(counts.size(), 3u);
}

TEST_F(BuiltinTest, PasswordSprayingAcrossServices) {
  const char* users[] = {"admin", "oracle", "test", "guest", "ubuntu"};
  for (int i = 0; i < 4; ++i) {
    Syslog(i * 60, "sshd", "Invalid user x from 203.0.113.6 port 1",
           {{"src_ip", "203.0.113.6"}, {"user", users[i]}});
  }
  EXPECT_EQ(Syslog(300, "dovecot", "auth failed, 1 attempts",
                   {{"src_ip", "203.0.113.6"}, {"user", users[4]}}),
            std::vector<std::string>{"Password spraying"});
}

TEST_F(BuiltinTest, PortScanAndHostSweep) {
  for (int port = 1; port <= 20; ++port) {
    Feed(MakeEvent("netfilter",
                   {{"src_ip", "203.0.113.4"},
                    {"dst_ip", "192.0.2.1"},
                    {"dst_port", std::to_string(port)},
                    {"protocol", "TCP"}},
                   "IN=eth0 ...", "kernel", At(port)));
  }
  for (int host = 1; host <= 20; ++host) {
    Feed(MakeEvent("netfilter",
                   {{"src_ip", "203.0.113.3"},
                    {"dst_ip", "192.0.2." + std::to_string(host)},
                    {"dst_port", "22"},
                    {"protocol", "TCP"}},
                   "IN=eth0 ...", "kernel", At(host)));
  }
  auto counts = Counts();
  EXPECT_EQ(counts["Port scan"], 1);
  EXPECT_EQ(counts["Host sweep"], 1);
  EXPECT_EQ(counts.size(), 2u);
}

TEST_F(BuiltinTest, WebScan) {
  for (int i = 0; i < 30; ++i) {
    Access(i, "203.0.113.2", "GET", "/probe" + std::to_string(i), "-", "404");
  }
  Access(40, "203.0.113.2", "GET", "/", "-", "200", "Mozilla/5.00 (Nikto/2.1.6) (Evasions:None)");
  Access(41, "203.0.113.2", "GET", "/.env", "-", "404");
  Access(42, "203.0.113.2", "POST", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "-",
         "404");
  auto counts = Counts();
  EXPECT_EQ(counts["Web scan (many client errors)"], 1);
  EXPECT_EQ(counts["Web scanner user agent"], 1);
  EXPECT_EQ(counts["Web scanner probe path"], 2);
}

TEST_F(BuiltinTest, WebShellsAndDefacement) {
  EXPECT_EQ(Access(0, "203.0.113.1", "GET", "/images/c99.php", "-", "200"),
            std::vector<std::string>{"Known web shell name requested"});
  EXPECT_TRUE(Access(1, "203.0.113.1", "GET", "/images/c99.php", "-", "404").empty());
  EXPECT_EQ(Access(2, "203.0.113.1", "GET", "/blog/index.php", "cmd=whoami", "200"),
            std::vector<std::string>{"Command parameter to a server script"});
  EXPECT_EQ(Access(3, "203.0.113.1", "POST", "/wp-content/uploads/2026/x.php", "-", "200"),
            std::vector<std::string>{"Script run from an upload folder"});
  EXPECT_EQ(Access(4, "203.0.113.1", "PUT", "/index.html", "-", "201"),
            std::vector<std::string>{"Web content changed over HTTP"});
  EXPECT_EQ(Access(5, "203.0.113.1", "GET", "/hacked.html", "-", "200"),
            std::vector<std::string>{"Defacement page requested"});
  // Ordinary traffic.
  EXPECT_TRUE(Access(6, "192.0.2.9", "GET", "/index.php", "page=about", "200").empty());
  EXPECT_TRUE(Access(7, "192.0.2.9", "POST", "/login.php", "-", "200").empty());
  EXPECT_TRUE(Access(8, "192.0.2.9", "PUT", "/api/item", "-", "403").empty());
}

}  // namespace
}  // namespace hikeshi::triage
