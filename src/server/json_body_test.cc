#include "server/json_body.h"

#include <gtest/gtest.h>

namespace hikeshi::server {
namespace {

TEST(ParseJsonObject, AcceptsObjectsAndTreatsEmptyBodyAsEmptyObject) {
  EXPECT_TRUE(ParseJsonObject(R"({"a":1})"));
  auto empty = ParseJsonObject("  \n");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->is_object());
}

TEST(ParseJsonObject, RejectsMalformedAndNonObjects) {
  for (std::string_view body : {"{", "[]", "42", "\"text\"", "null", "{\"a\":}", "{'a':1}",
                                "{\"a\":1} trailing", "{\"a\":1,}", "{\"a\":\"\xff\"}"}) {
    auto parsed = ParseJsonObject(body);
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalid);
  }
}

TEST(ParseJsonObject, LimitsNestingDepth) {
  std::string ok =
      "{\"a\":" + std::string(kMaxJsonDepth - 1, '[') + std::string(kMaxJsonDepth - 1, ']') + "}";
  EXPECT_TRUE(ParseJsonObject(ok));
  std::string deep =
      "{\"a\":" + std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']') + "}";
  auto parsed = ParseJsonObject(deep);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("deeper"), std::string::npos);
  // Far deeper than the limit: still a clean error, no stack exhaustion.
  std::string abyss = "{\"a\":" + std::string(200'000, '[');
  EXPECT_FALSE(ParseJsonObject(abyss));
}

TEST(FieldReader, NamesUnknownFields) {
  auto object = ParseJsonObject(R"({"title":"x","colour":"red"})");
  ASSERT_TRUE(object);
  FieldReader reader(*object, {"title"});
  auto ok = reader.CheckUnknown();
  ASSERT_FALSE(ok);
  EXPECT_NE(ok.error().message.find("\"colour\""), std::string::npos);
}

TEST(FieldReader, NamesFieldsOfTheWrongType) {
  auto object =
      ParseJsonObject(R"({"title":5,"version":"7","count":1.5,"huge":18446744073709551615})");
  ASSERT_TRUE(object);
  FieldReader reader(*object, {"title", "version", "count", "huge"});
  auto title = reader.OptionalString("title");
  ASSERT_FALSE(title);
  EXPECT_NE(title.error().message.find("\"title\""), std::string::npos);
  auto version = reader.OptionalInteger("version");
  ASSERT_FALSE(version);
  EXPECT_NE(version.error().message.find("\"version\""), std::string::npos);
  EXPECT_FALSE(reader.OptionalInteger("count"));
  EXPECT_FALSE(reader.OptionalInteger("huge"));
}

TEST(FieldReader, NullIsAbsentAndRequiredFieldsMustBePresent) {
  auto object = ParseJsonObject(R"({"a":null,"n":-3})");
  ASSERT_TRUE(object);
  FieldReader reader(*object, {"a", "b", "n"});
  EXPECT_TRUE(reader.CheckUnknown());
  EXPECT_EQ(*reader.OptionalString("a"), std::nullopt);
  EXPECT_FALSE(reader.RequiredString("a"));
  EXPECT_FALSE(reader.RequiredString("b"));
  EXPECT_EQ(**reader.OptionalInteger("n"), -3);
  EXPECT_TRUE(reader.IsNull("a"));
  EXPECT_FALSE(reader.Has("b"));
}

TEST(DumpJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  ResponseJson value = std::string("bad \xff byte");
  EXPECT_EQ(DumpJson(value), "\"bad \xEF\xBF\xBD byte\"");
}

}  // namespace
}  // namespace hikeshi::server
