// GET /api/v1/stats through the real server, and `hikeshi stats` on the same database giving the
// same numbers.
#include "api_test_fixture.h"

namespace hikeshi::testing {
namespace {

class StatsApi : public ApiEndToEnd {
 protected:
  static json Stats(const std::string& query = "") {
    HttpResponse response = As("viewer", "GET", "/api/v1/stats" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    return Json(response);
  }
  static void Move(int64_t id, const std::string& to) {
    HttpResponse response =
        As("responder", "POST", IncidentPath(id) + "/transition", json{{"to", to}}.dump());
    EXPECT_EQ(response.status, 200) << response.body;
  }
};

TEST_F(StatsApi, EveryRoleReadsAnonymousIsRefused) {
  for (const std::string& role : kRoles) {
    HttpResponse response = As(role, "GET", "/api/v1/stats");
    EXPECT_EQ(response.status, role == "anonymous" ? 401 : 200) << role;
  }
}

TEST_F(StatsApi, CountsANewIncidentAndItsContainment) {
  json before = Stats()["total"];
  int64_t id = NewIncident("stats phishing", "phishing");
  for (const char* state : {"triage", "open", "contained"}) Move(id, state);
  json after = Stats()["total"];
  EXPECT_EQ(after["incidents"], before["incidents"].get<int>() + 1);
  EXPECT_EQ(after["incidents_by_category"]["phishing"],
            before["incidents_by_category"]["phishing"].get<int>() + 1);
  EXPECT_EQ(after["incidents_by_rsit"]["fraud:phishing"],
            before["incidents_by_rsit"]["fraud:phishing"].get<int>() + 1);
  EXPECT_EQ(after["time_to_contain_seconds"]["count"],
            before["time_to_contain_seconds"]["count"].get<int>() + 1);
  EXPECT_EQ(after["contained_within_hour"], before["contained_within_hour"].get<int>() + 1);
}

TEST_F(StatsApi, CliPrintsTheSameNumbers) {
  NewIncident("stats cli scan", "scan");
  json api = Stats("?by=month");
  CommandResult cli =
      RunCommand({HIKESHI_BINARY, "stats", "--by", "month", "--format", "json", "--db", database_},
                 directory_);
  ASSERT_EQ(cli.exit_code, 0) << cli.stdout_text;
  json printed = json::parse(cli.stdout_text, nullptr, false);
  ASSERT_TRUE(printed.is_object()) << cli.stdout_text;
  EXPECT_EQ(printed["periods"], api["periods"]);
  EXPECT_EQ(printed["total"], api["total"]);
  EXPECT_EQ(printed["open"], api["open"]);
}

TEST_F(StatsApi, CsvAndRefusedParameters) {
  HttpResponse csv = As("viewer", "GET", "/api/v1/stats?from=2026Q1&to=2026Q4&format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.Header("content-type").starts_with("text/csv")) << csv.Header("content-type");
  EXPECT_TRUE(csv.body.starts_with("period,metric,key,value\n"));
  EXPECT_NE(csv.body.find("2026Q2,reports,phishing,"), std::string::npos);
  for (const char* bad :
       {"?by=week", "?from=2026Q5", "?from=2026Q3&to=2026Q1", "?by=month&from=2026Q1",
        "?from=2000-01&to=2026-01&by=month", "?color=red", "?by=month&by=quarter"}) {
    HttpResponse response = As("viewer", "GET", std::string("/api/v1/stats") + bad);
    EXPECT_EQ(response.status, 400) << bad << " → " << response.body;
    EXPECT_EQ(ErrorCode(response), "invalid") << bad;
  }
}

}  // namespace
}  // namespace hikeshi::testing
