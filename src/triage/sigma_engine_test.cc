// Golden tests of the engine: one small rule per modifier and per condition form, against
// hand-built events that must and must not match.
#include "triage/sigma_engine.h"

#include <gtest/gtest.h>

#include "triage/sigma_test_support.h"

namespace hikeshi::triage {
namespace {

using testing::CompileYaml;
using testing::MakeEvent;
using testing::MatchingTitles;
using testing::SyslogRule;

struct Case {
  const char* name;
  const char* detection;  // YAML under "detection:", two-space indent
  std::vector<std::pair<std::string, std::string>> fields;
  const char* message;
  bool matches;
};

class EngineGoldenTest : public ::testing::TestWithParam<Case> {};

TEST_P(EngineGoldenTest, MatchesAsExpected) {
  const Case& c = GetParam();
  auto engine = CompileYaml(SyslogRule("rule", c.detection));
  ASSERT_NE(engine, nullptr);
  ASSERT_EQ(engine->report().detection_rules, 1u) << engine->report().Summary();
  Event event = MakeEvent("syslog3164", c.fields, c.message, "sshd");
  EXPECT_EQ(!MatchingTitles(*engine, event).empty(), c.matches);
}

const Case kModifierCases[] = {
    {"exact_case_insensitive",
     "  s:\n    user: ROOT\n  condition: s",
     {{"user", "root"}},
     "",
     true},
    {"exact_is_whole_value",
     "  s:\n    user: root\n  condition: s",
     {{"user", "rooter"}},
     "",
     false},
    {"cased_refuses_other_case",
     "  s:\n    user|cased: ROOT\n  condition: s",
     {{"user", "root"}},
     "",
     false},
    {"cased_accepts_same_case",
     "  s:\n    user|cased: ROOT\n  condition: s",
     {{"user", "ROOT"}},
     "",
     true},
    {"wildcard_star",
     "  s:\n    path: '/tmp/*.sh'\n  condition: s",
     {{"path", "/tmp/x/y.sh"}},
     "",
     true},
    {"wildcard_question", "  s:\n    path: 'a?c'\n  condition: s", {{"path", "abc"}}, "", true},
    {"wildcard_question_one_byte",
     "  s:\n    path: 'a?c'\n  condition: s",
     {{"path", "abbc"}},
     "",
     false},
    {"escaped_star_is_literal",
     "  s:\n    path: 'a\\*c'\n  condition: s",
     {{"path", "abc"}},
     "",
     false},
    {"escaped_star_matches_star",
     "  s:\n    path: 'a\\*c'\n  condition: s",
     {{"path", "a*c"}},
     "",
     true},
    {"plain_backslash",
     "  s:\n    path: 'C:\\Windows'\n  condition: s",
     {{"path", "c:\\windows"}},
     "",
     true},
    {"double_backslash_before_star",
     "  s:\n    path: 'a\\\\*'\n  condition: s",
     {{"path", "a\\xyz"}},
     "",
     true},
    {"contains",
     "  s:\n    cmd|contains: wget\n  condition: s",
     {{"cmd", "sh -c WGET http://x"}},
     "",
     true},
    {"contains_miss", "  s:\n    cmd|contains: wget\n  condition: s", {{"cmd", "curl"}}, "", false},
    {"startswith",
     "  s:\n    cmd|startswith: /bin/\n  condition: s",
     {{"cmd", "/bin/sh"}},
     "",
     true},
    {"startswith_miss",
     "  s:\n    cmd|startswith: /bin/\n  condition: s",
     {{"cmd", "x/bin/sh"}},
     "",
     false},
    {"endswith",
     "  s:\n    cmd|endswith: .php\n  condition: s",
     {{"cmd", "/x/shell.PHP"}},
     "",
     true},
    {"endswith_miss",
     "  s:\n    cmd|endswith: .php\n  condition: s",
     {{"cmd", "/x.php/y"}},
     "",
     false},
    {"list_is_or",
     "  s:\n    user:\n      - alice\n      - bob\n  condition: s",
     {{"user", "bob"}},
     "",
     true},
    {"contains_all",
     "  s:\n    cmd|contains|all:\n      - nc\n      - -e\n  condition: s",
     {{"cmd", "nc -e /bin/sh"}},
     "",
     true},
    {"contains_all_needs_all",
     "  s:\n    cmd|contains|all:\n      - nc\n      - -e\n  condition: s",
     {{"cmd", "nc host"}},
     "",
     false},
    {"map_is_and",
     "  s:\n    user: root\n    src_ip: 1.2.3.4\n  condition: s",
     {{"user", "root"}},
     "",
     false},
    {"list_of_maps_is_or",
     "  s:\n    - user: root\n    - src_ip: 1.2.3.4\n  condition: s",
     {{"src_ip", "1.2.3.4"}},
     "",
     true},
    {"missing_field_no_match", "  s:\n    user: root\n  condition: s", {}, "", false},
    {"null_absent", "  s:\n    user: null\n  condition: s", {}, "", true},
    {"null_empty", "  s:\n    user: null\n  condition: s", {{"user", ""}}, "", true},
    {"null_present", "  s:\n    user: null\n  condition: s", {{"user", "x"}}, "", false},
    {"empty_string", "  s:\n    user: ''\n  condition: s", {{"user", ""}}, "", true},
    {"empty_string_nonempty", "  s:\n    user: ''\n  condition: s", {{"user", "x"}}, "", false},
    {"star_any_value", "  s:\n    user: '*'\n  condition: s", {{"user", "x"}}, "", true},
    {"number_value", "  s:\n    sc-status: 404\n  condition: s", {{"sc-status", "404"}}, "", true},
    {"keywords",
     "  k:\n    - 'Failed password'\n  condition: k",
     {},
     "Failed password for root",
     true},
    {"keywords_miss",
     "  k:\n    - 'Failed password'\n  condition: k",
     {},
     "Accepted password",
     false},
    {"keyword_wildcard",
     "  k:\n    - 'Failed*root'\n  condition: k",
     {},
     "x Failed password for root y",
     true},
    {"re", "  s:\n    cmd|re: 'nc\\s+-e'\n  condition: s", {{"cmd", "x nc  -e y"}}, "", true},
    {"re_case_sensitive", "  s:\n    cmd|re: 'NC'\n  condition: s", {{"cmd", "nc"}}, "", false},
    {"re_i", "  s:\n    cmd|re|i: 'NC'\n  condition: s", {{"cmd", "nc"}}, "", true},
    {"re_m", "  s:\n    cmd|re|m: '^b'\n  condition: s", {{"cmd", "a\nb"}}, "", true},
    {"re_without_m", "  s:\n    cmd|re: '^b'\n  condition: s", {{"cmd", "a\nb"}}, "", false},
    {"re_s", "  s:\n    cmd|re|s: 'a.b'\n  condition: s", {{"cmd", "a\nb"}}, "", true},
    {"re_without_s", "  s:\n    cmd|re: 'a.b'\n  condition: s", {{"cmd", "a\nb"}}, "", false},
    {"re_keyword", "  k:\n    '|re': 'user=[a-z]+'\n  condition: k", {}, "x user=bob", true},
    {"cidr_v4",
     "  s:\n    src_ip|cidr: 10.0.0.0/8\n  condition: s",
     {{"src_ip", "10.2.3.4"}},
     "",
     true},
    {"cidr_v4_miss",
     "  s:\n    src_ip|cidr: 10.0.0.0/8\n  condition: s",
     {{"src_ip", "11.2.3.4"}},
     "",
     false},
    {"cidr_v6",
     "  s:\n    src_ip|cidr: '2001:db8::/32'\n  condition: s",
     {{"src_ip", "2001:db8::1"}},
     "",
     true},
    {"cidr_v6_miss",
     "  s:\n    src_ip|cidr: '2001:db8::/32'\n  condition: s",
     {{"src_ip", "2001:db9::1"}},
     "",
     false},
    {"cidr_not_ip",
     "  s:\n    src_ip|cidr: 10.0.0.0/8\n  condition: s",
     {{"src_ip", "host"}},
     "",
     false},
    {"base64", "  s:\n    data|base64: 'id'\n  condition: s", {{"data", "aWQ="}}, "", true},
    {"base64_contains",
     "  s:\n    data|base64|contains: 'whoami'\n  condition: s",
     {{"data", "x d2hvYW1p y"}},
     "",
     true},
    // "whoami" at offsets 0, 1, 2 inside base64 text.
    {"base64offset_0",
     "  s:\n    data|base64offset|contains: 'whoami'\n  condition: s",
     {{"data", "d2hvYW1pIA=="}},
     "",
     true},
    {"base64offset_1",
     "  s:\n    data|base64offset|contains: 'whoami'\n  condition: s",
     {{"data", "IHdob2FtaQ=="}},
     "",
     true},
    {"base64offset_2",
     "  s:\n    data|base64offset|contains: 'whoami'\n  condition: s",
     {{"data", "ICB3aG9hbWk="}},
     "",
     true},
    {"utf16le_base64offset",
     "  s:\n    data|wide|base64offset|contains: 'ab'\n  condition: s",
     {{"data", "YQBiAA=="}},
     "",
     true},
    {"windash_slash",
     "  s:\n    cmd|windash|contains: ' -enc '\n  condition: s",
     {{"cmd", "x /enc y"}},
     "",
     true},
    {"windash_en_dash",
     "  s:\n    cmd|windash|contains: ' -enc '\n  condition: s",
     {{"cmd",
       "x \xe2\x80\x93"
       "enc y"}},
     "",
     true},
    {"windash_keeps_word_dash",
     "  s:\n    cmd|windash|contains: 'a-b'\n  condition: s",
     {{"cmd", "a/b"}},
     "",
     false},
    {"exists_true", "  s:\n    user|exists: true\n  condition: s", {{"user", ""}}, "", true},
    {"exists_false", "  s:\n    user|exists: false\n  condition: s", {{"user", "x"}}, "", false},
    {"exists_false_absent", "  s:\n    user|exists: false\n  condition: s", {}, "", true},
    {"lt", "  s:\n    n|lt: 10\n  condition: s", {{"n", "9"}}, "", true},
    {"lt_equal", "  s:\n    n|lt: 10\n  condition: s", {{"n", "10"}}, "", false},
    {"lte", "  s:\n    n|lte: 10\n  condition: s", {{"n", "10"}}, "", true},
    {"gt", "  s:\n    n|gt: 10\n  condition: s", {{"n", "10.5"}}, "", true},
    {"gte", "  s:\n    n|gte: 10\n  condition: s", {{"n", "9"}}, "", false},
    {"gt_not_number", "  s:\n    n|gt: 10\n  condition: s", {{"n", "many"}}, "", false},
    {"neq", "  s:\n    user|neq: root\n  condition: s", {{"user", "alice"}}, "", true},
    {"neq_equal", "  s:\n    user|neq: root\n  condition: s", {{"user", "root"}}, "", false},
    {"fieldref",
     "  s:\n    user|fieldref: target\n  condition: s",
     {{"user", "Bob"}, {"target", "bob"}},
     "",
     true},
    {"fieldref_differs",
     "  s:\n    user|fieldref: target\n  condition: s",
     {{"user", "bob"}, {"target", "eve"}},
     "",
     false},
    {"fieldref_startswith",
     "  s:\n    path|fieldref|startswith: home\n  condition: s",
     {{"path", "/home/bob/x"}, {"home", "/home/bob"}},
     "",
     true},
};
INSTANTIATE_TEST_SUITE_P(Modifiers, EngineGoldenTest, ::testing::ValuesIn(kModifierCases),
                         [](const auto& info) { return std::string(info.param.name); });

const Case kConditionCases[] = {
    {"and",
     "  a:\n    user: root\n  b:\n    src_ip: 1.2.3.4\n  condition: a and b",
     {{"user", "root"}, {"src_ip", "1.2.3.4"}},
     "",
     true},
    {"and_one_missing",
     "  a:\n    user: root\n  b:\n    src_ip: 1.2.3.4\n  condition: a and b",
     {{"user", "root"}},
     "",
     false},
    {"or",
     "  a:\n    user: root\n  b:\n    src_ip: 1.2.3.4\n  condition: a or b",
     {{"src_ip", "1.2.3.4"}},
     "",
     true},
    {"not_without_hit", "  a:\n    user: root\n  condition: not a", {{"user", "alice"}}, "", true},
    {"not_with_hit", "  a:\n    user: root\n  condition: not a", {{"user", "root"}}, "", false},
    {"and_not",
     "  a:\n    user|startswith: r\n  f:\n    user: root\n  condition: a and not f",
     {{"user", "ruth"}},
     "",
     true},
    {"and_not_filtered",
     "  a:\n    user|startswith: r\n  f:\n    user: root\n  condition: a and not f",
     {{"user", "root"}},
     "",
     false},
    {"brackets",
     "  a:\n    user: x\n  b:\n    user: y\n  c:\n    src_ip: z\n  condition: (a or b) and c",
     {{"user", "y"}, {"src_ip", "z"}},
     "",
     true},
    {"precedence_and_over_or",
     "  a:\n    user: x\n  b:\n    user: y\n  c:\n    src_ip: z\n  condition: a or b and c",
     {{"user", "y"}},
     "",
     false},
    {"one_of_pattern",
     "  sel_a:\n    user: x\n  sel_b:\n    user: y\n  condition: 1 of sel_*",
     {{"user", "y"}},
     "",
     true},
    {"all_of_pattern",
     "  sel_a:\n    user: y\n  sel_b:\n    src_ip: z\n  condition: all of sel_*",
     {{"user", "y"}},
     "",
     false},
    {"all_of_pattern_all",
     "  sel_a:\n    user: y\n  sel_b:\n    src_ip: z\n  condition: all of sel_*",
     {{"user", "y"}, {"src_ip", "z"}},
     "",
     true},
    {"one_of_them",
     "  a:\n    user: x\n  b:\n    user: y\n  condition: 1 of them",
     {{"user", "x"}},
     "",
     true},
    {"all_of_them",
     "  a:\n    user|startswith: x\n  b:\n    user|endswith: y\n  condition: all of them",
     {{"user", "xy"}},
     "",
     true},
    {"them_skips_underscore",
     "  a:\n    user: x\n  _b:\n    user: y\n  condition: all of them",
     {{"user", "x"}},
     "",
     true},
    {"not_one_of",
     "  f_a:\n    user: x\n  f_b:\n    user: y\n  s:\n    src_ip: z\n  condition: s and not 1 of "
     "f_*",
     {{"user", "y"}, {"src_ip", "z"}},
     "",
     false},
    {"condition_list_is_or",
     "  a:\n    user: x\n  b:\n    user: y\n  condition:\n    - a\n    - b",
     {{"user", "y"}},
     "",
     true},
};
INSTANTIATE_TEST_SUITE_P(Conditions, EngineGoldenTest, ::testing::ValuesIn(kConditionCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(EngineTest, LogsourceSelectsReaders) {
  auto engine = CompileYaml(
      "title: web\nid: w\nlogsource:\n  category: webserver\ndetection:\n  s:\n"
      "    cs-uri-query|contains: 'union select'\n  condition: s\n---\n"
      "title: ssh\nid: s\nlogsource:\n  product: linux\n  service: sshd\ndetection:\n"
      "  k:\n    - 'union select'\n  condition: k\n");
  ASSERT_NE(engine, nullptr);
  Event web = MakeEvent("access", {{"cs-uri-query", "id=1 UNION SELECT 1"}}, "union select");
  EXPECT_EQ(MatchingTitles(*engine, web), std::vector<std::string>{"web"});
  Event ssh = MakeEvent("syslog5424", {}, "x union select y", "sshd");
  EXPECT_EQ(MatchingTitles(*engine, ssh), std::vector<std::string>{"ssh"});
  Event cron = MakeEvent("syslog5424", {}, "x union select y", "cron");
  EXPECT_TRUE(MatchingTitles(*engine, cron).empty());
}

TEST(EngineTest, WebFieldNamesMapOntoAccessLogFields) {
  auto engine = CompileYaml(
      "title: uri\nid: u\nlogsource:\n  category: proxy\ndetection:\n  s:\n"
      "    c-uri|contains: '/etc/passwd'\n    c-useragent|startswith: 'curl'\n"
      "    c-uri-extension: php\n  condition: s\n");
  ASSERT_NE(engine, nullptr);
  Event hit = MakeEvent("access", {{"cs-uri-stem", "/x/index.php"},
                                   {"cs-uri-query", "f=../../etc/passwd"},
                                   {"cs-user-agent", "curl/8.0"}});
  EXPECT_EQ(MatchingTitles(*engine, hit).size(), 1u);
  Event miss = MakeEvent("access", {{"cs-uri-stem", "/x/index.html"},
                                    {"cs-uri-query", "f=../../etc/passwd"},
                                    {"cs-user-agent", "curl/8.0"}});
  EXPECT_TRUE(MatchingTitles(*engine, miss).empty());
}

TEST(EngineTest, SharedPatternsAcrossRulesStayDistinct) {
  auto engine = CompileYaml(SyslogRule("a", "  s:\n    user: root\n  condition: s") + "---\n" +
                            SyslogRule("b", "  s:\n    user: root\n    src_ip: x\n  condition: s"));
  ASSERT_NE(engine, nullptr);
  Event event = MakeEvent("syslog3164", {{"user", "root"}}, "");
  EXPECT_EQ(MatchingTitles(*engine, event), std::vector<std::string>{"a"});
  Event both = MakeEvent("syslog3164", {{"user", "root"}, {"src_ip", "x"}}, "");
  EXPECT_EQ(MatchingTitles(*engine, both), (std::vector<std::string>{"a", "b"}));
}

TEST(EngineTest, MatcherIsReusableAcrossEvents) {
  auto engine = CompileYaml(SyslogRule("a", "  s:\n    user: root\n  condition: s"));
  ASSERT_NE(engine, nullptr);
  SigmaMatcher matcher(*engine);
  Event hit = MakeEvent("syslog3164", {{"user", "root"}}, "");
  Event miss = MakeEvent("syslog3164", {{"user", "alice"}}, "");
  EXPECT_EQ(matcher.Match(hit).size(), 1u);
  EXPECT_EQ(matcher.Match(miss).size(), 0u);
  EXPECT_EQ(matcher.Match(hit).size(), 1u);
}

// The matcher caches field names by address; a buffer reused for another name must not keep
// the old mapping.
TEST(EngineTest, ReusedFieldNameBufferIsNotConfused) {
  auto engine = CompileYaml(SyslogRule("a", "  s:\n    user: root\n  condition: s"));
  ASSERT_NE(engine, nullptr);
  SigmaMatcher matcher(*engine);
  char name[] = "user";
  Event event;
  event.format = "syslog3164";
  event.fields.push_back({std::string_view(name, 4), "root"});
  EXPECT_EQ(matcher.Match(event).size(), 1u);
  name[0] = 'h';  // "hser": same address, another field
  EXPECT_EQ(matcher.Match(event).size(), 0u);
  name[0] = 'u';
  EXPECT_EQ(matcher.Match(event).size(), 1u);
}

TEST(EngineTest, FindingCarriesRuleAndFields) {
  auto engine = CompileYaml(
      "title: t\nid: 1234\nlevel: high\ntags: [attack.t1110]\nlogsource:\n  product: linux\n"
      "  service: syslog\ndetection:\n  s:\n    user: root\n  k:\n    - fail\n"
      "  condition: s and k\n");
  ASSERT_NE(engine, nullptr);
  SigmaMatcher matcher(*engine);
  Event event = MakeEvent("syslog3164", {{"user", "root"}}, "auth fail");
  event.offset = 42;
  ASSERT_EQ(matcher.Match(event).size(), 1u);
  Finding finding = matcher.MakeFinding(matcher.Match(event).front(), event);
  EXPECT_EQ(finding.rule_id, "1234");
  EXPECT_EQ(finding.level, "high");
  EXPECT_EQ(finding.tags, std::vector<std::string>{"attack.t1110"});
  EXPECT_EQ(finding.offset, 42u);
  EXPECT_EQ(finding.source, "test.log");
  using Field = std::pair<std::string, std::string>;
  EXPECT_EQ(finding.matched_fields,
            (std::vector<Field>{{"user", "root"}, {"keywords", "auth fail"}}));
}

}  // namespace
}  // namespace hikeshi::triage
