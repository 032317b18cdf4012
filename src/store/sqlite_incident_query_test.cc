#include "store/sqlite_incident_query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace hikeshi::sqlite {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Parameter = std::variant<int64_t, std::string>;

TEST(SplitSearchTerms, SplitsOnAsciiAndIdeographicSpace) {
  EXPECT_THAT(SplitSearchTerms(""), ElementsAre());
  EXPECT_THAT(SplitSearchTerms(" \t\n "), ElementsAre());
  EXPECT_THAT(SplitSearchTerms("  phishing  bank\t"), ElementsAre("phishing", "bank"));
  EXPECT_THAT(SplitSearchTerms("ランサム　感染"), ElementsAre("ランサム", "感染"));
  EXPECT_THAT(SplitSearchTerms("　感染　"), ElementsAre("感染"));
}

TEST(QuoteFts5String, DoublesInnerQuotes) {
  EXPECT_EQ(QuoteFts5String("bank"), "\"bank\"");
  EXPECT_EQ(QuoteFts5String("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(QuoteFts5String("NEAR(a"), "\"NEAR(a\"");
}

TEST(CountCodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("感染"), 2u);  // 6 bytes
  EXPECT_EQ(CountCodePoints("🔥x"), 2u);
}

TEST(BuildIncidentListQuery, NoFiltersOnlyOrdersAndLimits) {
  SqlQuery query = BuildIncidentListQuery({}, 51);
  EXPECT_THAT(query.sql, Not(HasSubstr("WHERE")));
  EXPECT_THAT(query.sql, HasSubstr("FROM incidents ORDER BY incidents.id DESC LIMIT ?1"));
  EXPECT_THAT(query.parameters, ElementsAre(Parameter(int64_t{51})));
}

TEST(BuildIncidentListQuery, NumbersParametersInOrder) {
  SqlQuery query = BuildIncidentListQuery(
      {.state = State::kOpen, .tlp = Tlp::kRed, .lead = "bob", .before_id = 90}, 11);
  EXPECT_THAT(query.sql,
              HasSubstr("FROM incidents WHERE incidents.state = ?1 AND incidents.tlp = ?2 AND "
                        "incidents.lead = ?3 AND incidents.id < ?4 ORDER BY incidents.id DESC "
                        "LIMIT ?5"));
  EXPECT_THAT(query.parameters,
              ElementsAre(Parameter("open"), Parameter("TLP:RED"), Parameter("bob"),
                          Parameter(int64_t{90}), Parameter(int64_t{11})));
}

TEST(BuildIncidentListQuery, LongTermsUseTheIndexShortOnesInstr) {
  SqlQuery query = BuildIncidentListQuery({.text = "ランサム 感染 a\"bc"}, 2);
  EXPECT_THAT(query.sql, HasSubstr("FROM incidents_fts JOIN incidents ON incidents.id = "
                                   "incidents_fts.rowid WHERE incidents_fts MATCH ?1"));
  EXPECT_THAT(query.sql, HasSubstr("AND instr(lower(incidents.title || ' ' || "
                                   "incidents.description), lower(?2)) > 0"));
  EXPECT_THAT(query.sql, HasSubstr("ORDER BY incidents_fts.rowid DESC LIMIT ?3"));
  EXPECT_THAT(query.parameters, ElementsAre(Parameter("\"ランサム\" \"a\"\"bc\""),
                                            Parameter("感染"), Parameter(int64_t{2})));
}

TEST(BuildIncidentListQuery, CursorFollowsTheIndexWhenSearching) {
  SqlQuery query = BuildIncidentListQuery({.text = "phishing", .before_id = 7}, 2);
  EXPECT_THAT(query.sql, HasSubstr("incidents_fts.rowid < ?2"));
}

TEST(BuildIncidentListQuery, OnlyShortTermsScanTheTable) {
  SqlQuery query = BuildIncidentListQuery({.text = "感染"}, 2);
  EXPECT_THAT(query.sql, Not(HasSubstr("incidents_fts")));
  EXPECT_THAT(query.sql, HasSubstr("WHERE instr("));
}

}  // namespace
}  // namespace hikeshi::sqlite
