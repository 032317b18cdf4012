#include "triage/html_report.h"

#include <gtest/gtest.h>

namespace hikeshi::triage {
namespace {

TEST(HtmlReport, EscapesMarkupAndControls) {
  EXPECT_EQ(HtmlEscape("<script>alert('x')&\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&amp;&quot;&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape(std::string_view("a\x01\tb", 4)), "a\xef\xbf\xbd\tb");
}

TEST(HtmlReport, SelfContainedWithSummaries) {
  TriageResult result;
  result.files = 1;
  result.events = 3;
  Finding finding;
  finding.rule_title = "Web scanner probe path";
  finding.level = "low";
  finding.source = "access.log";
  finding.matched_fields = {{"c-ip", "198.51.100.7"},
                            {"cs-uri-stem", "/<img src=http://evil.example/x>"}};
  result.findings.Add(finding);
  result.findings.Add(finding);
  std::string html = HtmlReport(result, {.title = "Case 42", .max_rows = 1});
  EXPECT_NE(html.find("<title>Case 42</title>"), std::string::npos);
  EXPECT_NE(html.find("c-ip=198.51.100.7"), std::string::npos);          // by source
  EXPECT_NE(html.find(">2</td><td class=\"low\">"), std::string::npos);  // by rule
  EXPECT_NE(html.find("1 more findings"), std::string::npos);
  // Nothing from the log becomes markup, and the page references nothing outside itself.
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("href"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

}  // namespace
}  // namespace hikeshi::triage
