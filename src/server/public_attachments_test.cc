#include "server/public_attachments.h"

#include <gtest/gtest.h>

#include "server/report_json.h"

namespace hikeshi::server {
namespace {

using nlohmann::json;

TEST(PublicAttachmentsTest, DecodesAndHashes) {
  auto parsed = ParsePublicAttachments(
      json::parse(R"([{"name":"auth.log","content_type":"text/plain","data":"aGVsbG8="}])"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].bytes, 5u);
  EXPECT_EQ((*parsed)[0].sha256,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");  // "hello"
  EXPECT_EQ(DescribeAttachments(*parsed),
            "\n\nAttachments:\n- auth.log (5 bytes, SHA-256 "
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824)");
}

TEST(PublicAttachmentsTest, RefusesHostileShapes) {
  for (const char* bad : {
           R"({"name":"a","data":""})",                        // not an array
           R"([{"name":"a","data":"!!!!"}])",                  // not base64
           R"([{"name":"a","data":"aGVsbG8"}])",               // missing padding
           R"([{"name":"","data":"aGVsbG8="}])",               // no name
           R"([{"name":"../x","data":"aGVsbG8="}])",           // slash in name
           R"([{"name":"a\nb","data":"aGVsbG8="}])",           // line break in name
           R"([{"name":"a","data":"aGVsbG8=","extra":"1"}])",  // unknown field
           R"([{"name":"a","data":5}])",                       // wrong type
           R"([1])",                                           // not an object
           R"([{"name":"a","data":""},{"name":"a","data":""},{"name":"a","data":""},
               {"name":"a","data":""},{"name":"a","data":""},{"name":"a","data":""}])",  // 6 files
       }) {
    EXPECT_FALSE(ParsePublicAttachments(json::parse(bad))) << bad;
  }
}

TEST(PublicAttachmentsTest, RefusesMoreThanTheBudget) {
  std::string big((kMaxPublicAttachmentBytes / 3 + 2) * 4, 'A');  // decodes past the budget
  json value = json::array({json{{"name", "big.bin"}, {"data", big}}});
  auto parsed = ParsePublicAttachments(value);
  ASSERT_FALSE(parsed);
  // Two halves that fit alone but not together.
  std::string half((kMaxPublicAttachmentBytes / 2 / 3 + 1) * 4, 'A');
  value = json::array({json{{"name", "a"}, {"data", half}}, json{{"name", "b"}, {"data", half}}});
  EXPECT_FALSE(ParsePublicAttachments(value));
}

TEST(PublicAttachmentsTest, TheFormListsAttachmentsInTheReportText) {
  auto report = ParsePublicReport(
      R"({"contact_email":"a@example.org","consent":true,"description":"phish",
          "attachments":[{"name":"mail.eml","data":"aGVsbG8="}]})");
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_NE(report->text.find("- mail.eml (5 bytes, SHA-256 2cf24dba"), std::string::npos);
  EXPECT_FALSE(ParsePublicReport(
      R"({"contact_email":"a@example.org","consent":true,"description":"x","attachments":"no"})"));
}

}  // namespace
}  // namespace hikeshi::server
