#include "intake/xarf.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/sha256.h"

namespace hikeshi::intake {
namespace {

TEST(Xarf, MinimalV4Document) {
  Result<XarfReport> report = ParseXarfJson(R"({
    "xarf_version": "4.0.0", "report_id": "r1", "timestamp": "2026-11-22T00:00:00Z",
    "reporter": {"org": "A", "contact": "a@example.org", "domain": "example.org"},
    "category": "Connection", "type": "login_attack", "source_identifier": "192.0.2.9",
    "source_port": "22", "confidence": 0.5, "consent": "share",
    "evidence": [{"content_type": "text/plain", "payload": "aGVsbG8=",
                  "hash": "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}],
    "tags": ["a", 1]})");
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->category, "connection");
  EXPECT_EQ(report->type, "login_attack");
  EXPECT_EQ(report->source_port, 22);
  EXPECT_EQ(report->confidence, 0.5);
  ASSERT_EQ(report->evidence.size(), 1u);
  EXPECT_EQ(report->evidence[0].data, "hello");
  EXPECT_EQ(report->evidence[0].hash_matches, true);
  EXPECT_EQ(report->tags, (std::vector<std::string>{"a", "1"}));
  ASSERT_EQ(report->consent_fields.size(), 1u);
  EXPECT_EQ(report->consent_fields[0].first, "consent");
  ASSERT_TRUE(report->timestamp.has_value());
}

TEST(Xarf, Errors) {
  EXPECT_EQ(ParseXarfJson("not json").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(ParseXarfJson("[1]").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(ParseXarfJson(R"({"xarf_version":"4"})").error().code, ErrorCode::kInvalid);
  EXPECT_EQ(ParseXarfJson(std::string(100000, '[') + std::string(100000, ']')).error().code,
            ErrorCode::kInvalid);
  XarfLimits limits;
  limits.max_bytes = 10;
  EXPECT_EQ(ParseXarfJson(R"({"type":"spam","x":1})", limits).error().code, ErrorCode::kTooLarge);
}

// The depth pre-scan skips strings; an escaped quote does not end one, an escaped backslash
// before a quote does.
TEST(Xarf, DepthScanSkipsStrings) {
  std::string brackets(40, '[');
  EXPECT_TRUE(
      ParseXarfJson(R"({"category":"abuse","note":"\"\\\")" + brackets + R"("})").has_value());
  EXPECT_TRUE(
      ParseXarfJson(R"({"category":"abuse","note":"\\\")" + brackets + R"("})").has_value());
  std::string nested =
      R"({"category":"abuse","note":"\\","deep":)" + brackets + "1" + std::string(40, ']') + "}";
  EXPECT_EQ(ParseXarfJson(nested).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(ParseXarfJson(R"({"category":"abuse","note":"unterminated [[[)").error().code,
            ErrorCode::kInvalid);
}

TEST(Xarf, HostileFieldTypesAreAnomalies) {
  Result<XarfReport> report = ParseXarfJson(
      R"({"type":"spam","reporter":5,"evidence":[1,{"payload":"!!"}],"tags":"x",
          "source_port":99999,"timestamp":1e300,"confidence":"high"})");
  ASSERT_TRUE(report.has_value());
  for (std::string_view name :
       {"bad-field-type", "bad-evidence", "bad-base64", "bad-port", "bad-timestamp"}) {
    EXPECT_NE(std::find(report->anomalies.begin(), report->anomalies.end(), name),
              report->anomalies.end())
        << name;
  }
}

TEST(Xarf, EvidenceCountIsBounded) {
  std::string json = R"({"type":"spam","evidence":[)";
  for (int i = 0; i < 500; ++i) json += std::string(i ? "," : "") + R"({"payload":"YQ=="})";
  json += "]}";
  Result<XarfReport> report = ParseXarfJson(json);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->evidence.size(), XarfLimits{}.max_evidence);
}

// The decoder takes whole quads at a time; line breaks, base64url symbols, padding and junk
// at every offset must still decode (or be refused) as symbol by symbol.
TEST(Xarf, EvidencePayloadDecoding) {
  auto decoded = [](std::string payload) {
    Result<XarfReport> report =
        ParseXarfJson(R"({"category":"abuse","evidence":[{"payload":")" + payload + R"("}]})");
    EXPECT_TRUE(report.has_value());
    bool bad = std::find(report->anomalies.begin(), report->anomalies.end(), "bad-base64") !=
               report->anomalies.end();
    return bad ? std::string("<bad>") : report->evidence.at(0).data;
  };
  EXPECT_EQ(decoded("Zm9vYmFy"), "foobar");
  EXPECT_EQ(decoded("Zm9\\nvYm\\r\\nFy"), "foobar");  // JSON escapes: line breaks
  EXPECT_EQ(decoded("Zm9vYg=="), "foob");
  EXPECT_EQ(decoded("Zm9vYg"), "foob");  // missing padding is tolerated
  EXPECT_EQ(decoded("Zm9v -_-_"), "foo\xFB\xFF\xBF");
  EXPECT_EQ(decoded("Zm9vY"), "<bad>");
  EXPECT_EQ(decoded("Zm9v*mFy"), "<bad>");
  EXPECT_EQ(decoded("Zg==Zm9v"), "<bad>");
  EXPECT_EQ(decoded("Zm9vYmFy==="), "<bad>");
}

TEST(Xarf, InlineInATextPart) {
  Result<ParsedMail> mail = ParseMail(
      "Subject: x\nContent-Type: text/plain\n\n"
      "{\"xarf_version\":\"4.0.0\",\"category\":\"messaging\",\"type\":\"spam\"}\n");
  ASSERT_TRUE(mail.has_value());
  Result<XarfReport> report = FindXarfInMail(*mail);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->type, "spam");
}

TEST(Xarf, NothingInAPlainMail) {
  Result<ParsedMail> mail = ParseMail("Subject: hi\n\nhello\n");
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(FindXarfInMail(*mail).error().code, ErrorCode::kNotFound);
}

TEST(XarfLegacy, YamlReport) {
  Result<XarfReport> report = ParseXarfYaml(
      "Reported-From: a@example.org\nCategory: abuse\nReport-Type: login-attack\n"
      "Source-Type: ipv4\nSource: 192.0.2.1\nPort: 22\nDate: Sun, 22 Nov 2026 00:00:00 +0000\n");
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->format, "xarf-legacy-yaml");
  EXPECT_EQ(report->reporter.contact, "a@example.org");
  EXPECT_EQ(report->source_identifier, "192.0.2.1");
  EXPECT_EQ(report->source_port, 22);
  ASSERT_TRUE(report->timestamp.has_value());
}

TEST(XarfLegacy, HostileYaml) {
  EXPECT_FALSE(
      ParseXarfYaml("Report-Type: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[").has_value());
  EXPECT_FALSE(ParseXarfYaml(std::string(100000, '[')).has_value());
  EXPECT_FALSE(ParseXarfYaml("just a scalar").has_value());
  EXPECT_FALSE(ParseXarfYaml("a: [unterminated").has_value());
  EXPECT_FALSE(ParseXarfYaml("Source: x\n").has_value());  // neither category nor type
  Result<XarfReport> aliases = ParseXarfYaml(
      "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\nReport-Type: spam\n");
  ASSERT_TRUE(aliases.has_value());
  EXPECT_EQ(aliases->type, "spam");
}

}  // namespace
}  // namespace hikeshi::intake
