#include "intake/feed_tags.h"

#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

TEST(ClassifyFeedTag, ShadowserverStyleTags) {
  struct Case {
    std::string_view tag;
    Category category;
    std::string_view rsit;
  };
  for (const Case& c : {
           Case{"scan_ssh", Category::kScan, "information-gathering:scanner"},
           Case{"honeypot_brute_force", Category::kIntrusion, "intrusion-attempts:brute-force"},
           Case{"Phishing", Category::kPhishing, "fraud:phishing"},
           Case{"sinkhole-http-drone", Category::kOther, "malicious-code:infected-system"},
           Case{"botnet-c2", Category::kMalwareSite, "malicious-code:c2-server"},
           Case{"ntp-ddos-amplifier", Category::kOther, "vulnerable:ddos-amplifier"},
           Case{"ddos", Category::kDos, "availability:ddos"},
           Case{"compromised-website", Category::kIntrusion, "intrusions:system-compromise"},
           Case{"ics-modbus", Category::kControlSystem, "vulnerable:vulnerable-system"},
           Case{"web-defacement", Category::kDefacement,
                "information-content-security:unauthorised-information-modification"},
       }) {
    FeedTagClass got = ClassifyFeedTag(c.tag);
    EXPECT_EQ(got.category, c.category) << c.tag;
    EXPECT_EQ(got.rsit, c.rsit) << c.tag;
    EXPECT_FALSE(got.keyword.empty()) << c.tag;
  }
}

TEST(ClassifyFeedTag, KeywordsMustStartAWord) {
  EXPECT_TRUE(ClassifyFeedTag("statistics").keyword.empty());    // not "ics"
  EXPECT_TRUE(ClassifyFeedTag("ec2-instance").keyword.empty());  // not "c2"
  EXPECT_TRUE(ClassifyFeedTag("reopened").keyword.empty());      // not "open"
  FeedTagClass none = ClassifyFeedTag("");
  EXPECT_EQ(none.category, Category::kOther);
  EXPECT_EQ(none.rsit, "other:undetermined");
}

}  // namespace
}  // namespace hikeshi::intake
