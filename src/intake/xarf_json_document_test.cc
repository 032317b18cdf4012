#include "intake/xarf_json_document.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hikeshi::intake {
namespace {

// The fast parser must give exactly nlohmann's value (same dump, same number kinds) or refuse
// exactly when nlohmann refuses.
void ExpectSameAsNlohmann(std::string_view text) {
  std::optional<nlohmann::ordered_json> fast = ParseJsonDocument(text);
  std::optional<nlohmann::ordered_json> reference = ParseJsonDocumentWithNlohmann(text);
  ASSERT_EQ(fast.has_value(), reference.has_value()) << text;
  if (!fast) return;
  EXPECT_EQ(fast->dump(), reference->dump()) << text;
  EXPECT_EQ(*fast, *reference) << text;
}

TEST(XarfJsonDocument, SameValuesAsNlohmann) {
  const std::vector<std::string> texts = {
      R"({"xarf_version":"4.0.0","category":"abuse","evidence":[{"payload":"aGVsbG8="}]})",
      R"({"a":1,"b":-1,"c":0,"d":-0,"e":1.5,"f":1E2,"g":-0.0,"h":1e-7,"i":123456789012345678})",
      R"({"big":18446744073709551615,"bigger":18446744073709551616,"neg":-9223372036854775809})",
      R"({"x":0.1,"y":5e-324,"z":1.7976931348623157e308,"w":2.5e15,"v":1e16})",
      R"({"dup":1,"other":2,"dup":{"inner":[1,2,{"dup":"a","dup":"b"}]}})",
      R"({"s":"\u00e9\u3042 \"q\" \\ \/ \b\f\n\r\t \u0000 é"})",
      R"({"pair":"\ud83d\ude00","lone_high":"\ud800"})",
      R"({"lone_low":"\udc00"})",
      "\xEF\xBB\xBF{\"bom\":true}",
      R"(  {"t":true,"f":false,"n":null,"e":{},"a":[]}  )",
      R"([1,2,3])",
      R"("just a string")",
      "42",
      "null",
      // refused by both
      "",
      "{",
      R"({"a":})",
      R"({"a":1,})",
      R"({"a":01})",
      R"({"a":1} x)",
      R"({'a':1})",
      R"({"a":"\x"})",
      "{\"a\":\"\x01\"}",
      "{\"a\":\"\xC0\xAF\"}",
      "{\"a\":\"\xFF\"}",
      R"({"a":1e400})",
      R"({"a":NaN})",
      R"({"a":.5})",
      R"({"a":-})",
  };
  for (const std::string& text : texts) ExpectSameAsNlohmann(text);
}

TEST(XarfJsonDocument, LargeDocumentUsesItsOwnParser) {
  std::string text = R"({"evidence":[{"payload":")" + std::string(3u << 20, 'A') + R"("}]})";
  ExpectSameAsNlohmann(text);
  ExpectSameAsNlohmann(R"({"small":1})");  // the reused parser still works afterwards
}

}  // namespace
}  // namespace hikeshi::intake
