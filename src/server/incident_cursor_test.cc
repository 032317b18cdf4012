#include "server/incident_cursor.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hikeshi::server {
namespace {

IncidentQuery Sorted(IncidentSort sort, bool ascending) {
  return IncidentQuery{.sort = sort, .ascending = ascending};
}

TEST(IncidentCursorTest, DefaultOrderKeepsTheBareId) {
  IncidentQuery query;
  EXPECT_EQ(EncodeIncidentCursor(query, {.value = int64_t{41}, .id = 41}), "41");
  ASSERT_TRUE(ApplyIncidentCursor(query, "41"));
  EXPECT_EQ(query.before_id, 41);
  EXPECT_FALSE(query.after);
}

TEST(IncidentCursorTest, AnyBytesOfATextValueRoundTrip) {
  std::string title("a.b \xC3\xA9\0\xFF%&=", 11);
  IncidentQuery query = Sorted(IncidentSort::kTitle, true);
  std::string cursor = EncodeIncidentCursor(query, {.value = title, .id = 7});
  EXPECT_EQ(cursor.rfind("title.asc.7.", 0), 0u) << cursor;
  EXPECT_EQ(cursor.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.0123456789"), std::string::npos);
  ASSERT_TRUE(ApplyIncidentCursor(query, cursor));
  ASSERT_TRUE(query.after);
  EXPECT_EQ(*query.after, (IncidentSortPosition{.value = title, .id = 7}));
}

TEST(IncidentCursorTest, NumericValuesRoundTripIncludingNegative) {
  IncidentQuery query = Sorted(IncidentSort::kReportedAt, false);
  IncidentSortPosition position{.value = int64_t{-5}, .id = 3};
  ASSERT_TRUE(ApplyIncidentCursor(query, EncodeIncidentCursor(query, position)));
  EXPECT_EQ(*query.after, position);
}

TEST(IncidentCursorTest, AnotherOrdersCursorIsRefusedByName) {
  IncidentQuery title_asc = Sorted(IncidentSort::kTitle, true);
  std::string cursor = EncodeIncidentCursor(title_asc, {.value = std::string("x"), .id = 2});
  IncidentQuery title_desc = Sorted(IncidentSort::kTitle, false);
  auto refused = ApplyIncidentCursor(title_desc, cursor);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalid);
  EXPECT_NE(refused.error().message.find("made for sort=title&order=asc"), std::string::npos);
  IncidentQuery lead = Sorted(IncidentSort::kLead, false);
  EXPECT_FALSE(ApplyIncidentCursor(lead, "12"));  // a default-order cursor
}

TEST(IncidentCursorTest, MalformedCursorsAreRefused) {
  for (const std::string& bad : std::vector<std::string>{
           "", "0", "-1", "x", "title.asc.1", "title.asc.1.6", "title.asc.1.6G", "title.asc.1.4A",
           "title.asc.0.61", "title.asc.-1.61", "title.up.1.61", "size.asc.1.61",
           "title.asc.1.61.62", "title..1.61", "severity.asc.1.6161", std::string(3000, '1')}) {
    IncidentQuery query = Sorted(IncidentSort::kTitle, true);
    if (bad.starts_with("severity")) query = Sorted(IncidentSort::kSeverity, true);
    EXPECT_FALSE(ApplyIncidentCursor(query, bad)) << bad;
  }
}

}  // namespace
}  // namespace hikeshi::server
