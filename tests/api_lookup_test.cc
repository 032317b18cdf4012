// GET /api/v1/lookup end to end: the RPSL fixture imported with the real CLI into the index
// beside the suite's database, picked up by the running server without a restart.
#include <chrono>
#include <thread>

#include "api_test_fixture.h"

#ifndef HIKESHI_TEST_DATA
#error "HIKESHI_TEST_DATA must name tests/data"
#endif

namespace hikeshi::testing {
namespace {

TEST_F(ApiEndToEnd, LookupAnswersFromTheImportedIndex) {
  CommandResult imported =
      RunCommand({HIKESHI_BINARY, "db", "import", "rpsl",
                  std::string(HIKESHI_TEST_DATA) + "/rpsl/ripe-split.rpsl", "--db", database_},
                 directory_);
  ASSERT_EQ(imported.exit_code, 0) << imported.stdout_text;
  HttpResponse response;
  for (int attempt = 0; attempt < 50; ++attempt) {  // the server checks the file once a second
    response = As("viewer", "GET", "/api/v1/lookup?q=192.0.2.70");
    if (response.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(response.status, 200) << response.body;
  json body = Json(response);
  EXPECT_EQ(body["query"], "192.0.2.70");
  EXPECT_EQ(body["netblock"], "192.0.2.64/26");
  EXPECT_EQ(body["owner"], "Example Hosting customer block");
  EXPECT_EQ(body["country"], "DE");
  EXPECT_EQ(body["abuse_mailboxes"], json::array({"abuse@example.net", "noc-abuse@example.net"}));
  EXPECT_EQ(body["source"], "ripe");
  EXPECT_EQ(body["constituent"], false);

  // Defanged input is normalised; IPv6; unknown → 404; no q → 400; no login → 401.
  EXPECT_EQ(Json(As("responder", "GET", "/api/v1/lookup?q=192%5B.%5D0.2.10"))["netblock"],
            "192.0.2.0/24");
  EXPECT_EQ(Json(As("admin", "GET", "/api/v1/lookup?q=2001:db8:abcd::9"))["country"], "JP");
  EXPECT_EQ(As("viewer", "GET", "/api/v1/lookup?q=203.0.113.5").status, 404);

  // An AS number (any case, full-width) answers from its aut-num.
  json as = Json(As("viewer", "GET", "/api/v1/lookup?q=as64496"));
  EXPECT_EQ(as["query"], "AS64496");
  EXPECT_EQ(as["netblock"], "AS64496");
  EXPECT_EQ(as["as_name"], "EXAMPLE-AS");
  EXPECT_EQ(as["owner"], "Example Access Ltd");
  EXPECT_EQ(as["country"], "NL");
  EXPECT_EQ(as["abuse_mailboxes"], json::array({"abuse@example.net"}));
  EXPECT_EQ(
      Json(As("viewer", "GET",
              "/api/v1/lookup?q=%EF%BC%A1%EF%BC%B3%EF%BC%96%EF%BC%94%EF%BC%95%EF%BC%91%EF%BC%91"))
          ["as_name"],
      "EXAMPLE-TRANSIT");
  EXPECT_EQ(As("viewer", "GET", "/api/v1/lookup?q=AS64499").status, 404);
  EXPECT_EQ(ErrorCode(As("viewer", "GET", "/api/v1/lookup")), "invalid");
  EXPECT_EQ(As("anonymous", "GET", "/api/v1/lookup?q=192.0.2.70").status, 401);
}

}  // namespace
}  // namespace hikeshi::testing
