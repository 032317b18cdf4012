#include "intake/csv_row.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hikeshi::intake {
namespace {

using ::testing::ElementsAre;

TEST(SplitCsvRecord, PlainQuotedAndEmptyFields) {
  EXPECT_THAT(SplitCsvRecord("a,b,,d", 10).value(), ElementsAre("a", "b", "", "d"));
  EXPECT_THAT(SplitCsvRecord("\"a,b\",\"say \"\"hi\"\"\",c", 10).value(),
              ElementsAre("a,b", "say \"hi\"", "c"));
  EXPECT_THAT(SplitCsvRecord("x,\r", 10).value(), ElementsAre("x", ""));
  EXPECT_THAT(SplitCsvRecord("\"multi\nline\",2", 10).value(), ElementsAre("multi\nline", "2"));
  EXPECT_THAT(SplitCsvRecord("", 10).value(), ElementsAre(""));
}

TEST(SplitCsvRecord, MalformedQuotingIsAnError) {
  EXPECT_EQ(SplitCsvRecord("\"open", 10).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(SplitCsvRecord("a\"b,c", 10).error().code, ErrorCode::kInvalid);
  EXPECT_EQ(SplitCsvRecord("\"a\"b,c", 10).error().code, ErrorCode::kInvalid);
}

TEST(SplitCsvRecord, FieldLimit) {
  EXPECT_EQ(SplitCsvRecord("a,b,c", 2).error().code, ErrorCode::kTooLarge);
  EXPECT_TRUE(SplitCsvRecord("a,b", 2));
}

TEST(CsvRecordEnd, LineBreaksInsideQuotesDoNotEndTheRecord) {
  std::string_view text = "a,\"b\nc\"\nnext\n";
  EXPECT_EQ(CsvRecordEnd(text, 0), 8u);
  EXPECT_EQ(CsvRecordEnd(text, 8), text.size());
  EXPECT_EQ(CsvRecordEnd("no newline", 0), 10u);
}

}  // namespace
}  // namespace hikeshi::intake
