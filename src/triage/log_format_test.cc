// Format names and auto-detection.
#include "triage/log_format.h"

#include <gtest/gtest.h>

namespace hikeshi::triage {
namespace {

TEST(LogFormat, NamesRoundTrip) {
  for (const LogFormatInfo& info : LogFormats()) {
    EXPECT_EQ(LogFormatFromName(info.name), info.format);
    EXPECT_EQ(LogFormatName(info.format), info.name);
  }
  EXPECT_FALSE(LogFormatFromName("syslog"));
}

TEST(LogFormat, ClassifiesOneLineOfEachFormat) {
  struct Case {
    const char* line;
    std::optional<LogFormat> format;
  };
  const Case cases[] = {
      {"Nov 22 10:15:01 host sshd[1]: x", LogFormat::kSyslog3164},
      {"Nov  2 10:15:01 host sshd[1]: x", LogFormat::kSyslog3164},
      {"<38>Nov 22 10:15:01 host sshd[1]: x", LogFormat::kSyslog3164},
      {"srv sshd[13709]: error: PAM: Authentication failure", LogFormat::kSyslog3164},
      {"<34>1 2003-10-11T22:14:15.003Z host su - ID47 - x", LogFormat::kSyslog5424},
      {"2015-04-16T18:02:50.321974+00:00 host sshd[2716]: x", LogFormat::kSyslogIso},
      {"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 1", LogFormat::kAccess},
      {"[Sun Dec 04 04:47:44 2005] [notice] x", LogFormat::kApacheError},
      {"#Software: Microsoft Internet Information Services 10.0", LogFormat::kW3c},
      {"{\"a\":1}", LogFormat::kJsonLines},
      {"\xEF\xBB\xBF{\"a\":1}", LogFormat::kJsonLines},
      {"# a comment", std::nullopt},
      {"hello world", std::nullopt},
      {"", std::nullopt},
      {"<99999>1 x", std::nullopt},
  };
  for (const Case& c : cases) EXPECT_EQ(ClassifyLine(c.line), c.format) << c.line;
}

TEST(LogFormat, MajorityOfTheFirstLinesWins) {
  EXPECT_EQ(DetectLogFormat("garbage\nNov 22 10:15:01 h a: x\nNov 22 10:15:02 h a: y\n"
                            "{\"a\":1}\n"),
            LogFormat::kSyslog3164);
  EXPECT_EQ(DetectLogFormat("{\"a\":1}\n{\"a\":2}\nNov 22 10:15:01 h a: x\n"),
            LogFormat::kJsonLines);
  EXPECT_EQ(DetectLogFormat("nothing\nknown\n"), std::nullopt);
  EXPECT_EQ(DetectLogFormat(""), std::nullopt);
}

TEST(LogFormat, W3cFieldsHeaderWinsOverItsSyslogLookingDataLines) {
  std::string head = "#Fields: date time c-ip\n";
  for (int i = 0; i < 10; ++i) head += "2019-09-03 10:13:36 10.0.2.17\n";
  EXPECT_EQ(DetectLogFormat(head), LogFormat::kW3c);
}

TEST(LogFormat, OnlyW3cIsNotSplittable) {
  for (const LogFormatInfo& info : LogFormats()) {
    EXPECT_EQ(info.splittable, info.format != LogFormat::kW3c) << info.name;
  }
}

}  // namespace
}  // namespace hikeshi::triage
