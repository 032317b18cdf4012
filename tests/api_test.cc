// End-to-end API tests: the real `hikeshi` binary (HIKESHI_BINARY) serving a fresh SQLite
// database on loopback, driven over HTTP/1.1. Users and tokens are made with the CLI before the
// server starts, as an operator would (api_test_fixture.h).
#include <algorithm>
#include <string>
#include <vector>

#include "api_test_fixture.h"

namespace hikeshi::testing {
namespace {

TEST_F(ApiEndToEnd, HealthAndSecurityHeaders) {
  HttpResponse health = Call("GET", "/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Json(health)["status"], "ok");
  EXPECT_EQ(health.Header("content-type"), "application/json");
  EXPECT_EQ(health.Header("content-security-policy"), "default-src 'self'; frame-ancestors 'none'");
  EXPECT_EQ(health.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(health.Header("referrer-policy"), "no-referrer");
  EXPECT_EQ(health.Header("cache-control"), "no-store");
  HttpResponse page = Call("GET", "/");  // no web/dist in the test directory
  EXPECT_EQ(page.status, 503);
  EXPECT_NE(page.body.find("npm run build"), std::string::npos);
  EXPECT_EQ(page.Header("x-content-type-options"), "nosniff");
}

TEST_F(ApiEndToEnd, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpConnection connection("127.0.0.1", port_);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(connection.Send("GET", "/api/v1/health").status, 200);
}

TEST_F(ApiEndToEnd, CookieSessionNeedsCsrfTokenForWritesAndEndsAtLogout) {
  auto [cookie, csrf] = Login("rita");
  ASSERT_TRUE(cookie.starts_with("hikeshi_session="));
  ASSERT_FALSE(csrf.empty());
  HttpResponse me = Call("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Json(me)["user"]["name"], "rita");
  EXPECT_EQ(Json(me)["csrf_token"], csrf);

  std::string body = R"({"title":"csrfprobe via browser","category":"dos"})";
  HttpResponse forged = Call("POST", "/api/v1/incidents", body, {{"Cookie", cookie}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(ErrorCode(forged), "forbidden");
  EXPECT_EQ(CountMatching("csrfprobe"), 0u);
  HttpResponse created =
      Call("POST", "/api/v1/incidents", body, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  ASSERT_EQ(created.status, 201) << created.body;
  json log =
      Json(Call("GET", IncidentPath(Json(created)["id"]) + "/worklog", "", {{"Cookie", cookie}}));
  EXPECT_EQ(log["items"][0]["responder"], "rita");

  HttpResponse logout =
      Call("POST", "/api/v1/auth/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(logout.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/auth/me", "", {{"Cookie", cookie}}).status, 401);
}

TEST_F(ApiEndToEnd, BearerTokensAuthenticateWithoutCsrf) {
  HttpResponse me = As("responder", "GET", "/api/v1/auth/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Json(me)["user"]["name"], "rita");
  EXPECT_TRUE(Json(me)["csrf_token"].is_null());
  HttpResponse issued = As("viewer", "POST", "/api/v1/tokens", R"({"label":"e2e"})");
  ASSERT_EQ(issued.status, 201);
  std::string token = Json(issued)["token"];
  HttpResponse with_new =
      Call("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(Json(with_new)["user"]["name"], "vera");
  EXPECT_EQ(Call("GET", "/api/v1/incidents", "", {{"Authorization", "Bearer hks_forged"}}).status,
            401);
}

TEST_F(ApiEndToEnd, CreateAndGet) {
  HttpResponse created = As("responder", "POST", "/api/v1/incidents",
                            R"({"title":"Defaced top page","description":"改ざんされた",)"
                            R"("category":"defacement","severity":"high","tlp":"TLP:GREEN",)"
                            R"("reported_at":"2026-01-02T03:04:05Z"})");
  ASSERT_EQ(created.status, 201) << created.body;
  json incident = Json(created);
  EXPECT_EQ(created.Header("location"), IncidentPath(incident["id"]));
  HttpResponse fetched = As("viewer", "GET", created.Header("location"));
  ASSERT_EQ(fetched.status, 200);
  json read = Json(fetched);
  EXPECT_EQ(read, incident);
  EXPECT_EQ(read["description"], "改ざんされた");
  EXPECT_EQ(read["state"], "new");
  EXPECT_EQ(read["phase"]["nist"], "detection-and-analysis");
  EXPECT_EQ(read["reported_at"], "2026-01-02T03:04:05.000000Z");
  EXPECT_EQ(read["rsit"], "information-content-security:unauthorised-information-modification");
  EXPECT_TRUE(read["lead"].is_null());
  EXPECT_EQ(As("viewer", "GET", "/api/v1/incidents/99999999").status, 404);
  EXPECT_EQ(As("viewer", "GET", "/api/v1/incidents/abc").status, 404);
}

TEST_F(ApiEndToEnd, ListFiltersPagesAndSearchesIncludingJapanese) {
  NewIncident("listmark ssh brute force", "intrusion", R"({"tlp":"TLP:RED"})");
  NewIncident("listmark 不正アクセスの痕跡", "intrusion");
  NewIncident("listmark port scan", "scan");
  int64_t moved = NewIncident("listmark phishing kit", "phishing");
  ASSERT_EQ(
      As("responder", "POST", IncidentPath(moved) + "/transition", R"({"to":"triage"})").status,
      200);
  auto list = [](const std::string& query) {
    return Json(As("viewer", "GET", "/api/v1/incidents?q=listmark&" + query));
  };
  EXPECT_EQ(list("")["items"].size(), 4u);
  EXPECT_EQ(list("category=intrusion")["items"].size(), 2u);
  EXPECT_EQ(list("category=intrusion&tlp=red")["items"].size(), 1u);
  EXPECT_EQ(list("state=triage")["items"].size(), 1u);
  EXPECT_EQ(list("state=triage")["items"][0]["id"], moved);

  std::vector<int64_t> seen;
  std::string query = "limit=3";
  for (int page = 0; page < 3; ++page) {
    json result = list(query);
    for (const json& item : result["items"]) seen.push_back(item["id"]);
    if (result["next"].is_null()) break;
    query = "limit=3&cursor=" + result["next"].get<std::string>();
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));  // newest first, no repeats

  json japanese =
      Json(As("viewer", "GET",
              "/api/v1/incidents?q=%E4%B8%8D%E6%AD%A3%E3%82%A2%E3%82%AF%E3%82%BB%E3%82%B9"));
  ASSERT_GE(japanese["items"].size(), 1u) << japanese.dump();
  EXPECT_EQ(japanese["items"][0]["title"], "listmark 不正アクセスの痕跡");
  EXPECT_EQ(As("viewer", "GET", "/api/v1/incidents?state=finished").status, 400);
  EXPECT_EQ(As("viewer", "GET", "/api/v1/incidents?limit=9999").status, 400);
}

TEST_F(ApiEndToEnd, PatchDetectsStaleVersionsAndUnknownLeads) {
  int64_t id = NewIncident("patchmark malware site");
  HttpResponse patched = As("responder", "PATCH", IncidentPath(id),
                            R"({"severity":"critical","lead":"rita","version":1})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["lead"], "rita");
  EXPECT_EQ(Json(patched)["version"], 2);
  HttpResponse stale = As("admin", "PATCH", IncidentPath(id), R"({"title":"lost","version":1})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(ErrorCode(stale), "conflict");
  HttpResponse unknown_lead = As("responder", "PATCH", IncidentPath(id), R"({"lead":"ghost"})");
  EXPECT_EQ(unknown_lead.status, 400);
  json now = Json(As("viewer", "GET", IncidentPath(id)));
  EXPECT_EQ(now["title"], "patchmark malware site");
  EXPECT_EQ(now["lead"], "rita");
  EXPECT_EQ(now["version"], 2);
}

TEST_F(ApiEndToEnd, LifecycleStampsTimesAndRefusesIllegalMoves) {
  int64_t id = NewIncident("lifecyclemark ransomware");
  std::string path = IncidentPath(id) + "/transition";
  HttpResponse illegal = As("responder", "POST", path, R"({"to":"recovered"})");
  EXPECT_EQ(illegal.status, 400);
  EXPECT_EQ(ErrorCode(illegal), "invalid");
  json incident;
  for (const char* to : {"triage", "open", "contained", "recovered", "closed"}) {
    HttpResponse moved = As("responder", "POST", path, json{{"to", to}, {"note", "e2e"}}.dump());
    ASSERT_EQ(moved.status, 200) << to << ": " << moved.body;
    incident = Json(moved);
    EXPECT_EQ(incident["state"], to);
  }
  for (const char* stamp : {"acknowledged_at", "contained_at", "recovered_at", "closed_at"}) {
    EXPECT_TRUE(incident[stamp].is_string()) << stamp;
  }
  EXPECT_TRUE(incident["metrics"]["time_to_contain_seconds"].is_number());
  EXPECT_EQ(incident["phase"]["nist"], "post-incident-activity");
  EXPECT_EQ(incident["next_states"], json::array({"open"}));
  json log = Json(As("viewer", "GET", IncidentPath(id) + "/worklog"))["items"];
  EXPECT_EQ(log.size(), 6u);  // created + five transitions; the illegal one left no trace
}

TEST_F(ApiEndToEnd, NotAnIncidentNeedsAReason) {
  int64_t id = NewIncident("spammark plain spam", "other");
  std::string path = IncidentPath(id) + "/transition";
  ASSERT_EQ(As("responder", "POST", path, R"({"to":"triage"})").status, 200);
  EXPECT_EQ(As("responder", "POST", path, R"({"to":"not-an-incident"})").status, 400);
  HttpResponse dismissed =
      As("responder", "POST", path, R"({"to":"not-an-incident","reason":"spam"})");
  ASSERT_EQ(dismissed.status, 200);
  EXPECT_EQ(Json(dismissed)["not_incident_reason"], "spam");
}

TEST_F(ApiEndToEnd, WorkLogIsAttributedAndChained) {
  int64_t id = NewIncident("worklogmark intrusion");
  std::string path = IncidentPath(id) + "/worklog";
  HttpResponse first = As("responder", "POST", path, R"({"text":"ISPのabuse窓口に連絡"})");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Json(first)["responder"], "rita");
  HttpResponse second = As("admin", "POST", path, R"({"text":"logs preserved"})");
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(Json(second)["responder"], "ada");
  json items = Json(As("viewer", "GET", path))["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["prev_hash"], std::string(64, '0'));
  for (size_t i = 0; i < items.size(); ++i) {
    EXPECT_EQ(items[i]["seq"], i + 1);
    if (i > 0) EXPECT_EQ(items[i]["prev_hash"], items[i - 1]["hash"]);
  }
  EXPECT_EQ(items[1]["text"], "ISPのabuse窓口に連絡");
  EXPECT_EQ(items[0]["responder"], "rita");
  EXPECT_EQ(items[2]["action"], "note");
}

TEST_F(ApiEndToEnd, EveryErrorStatusHasAJsonBodyAndRejectedRequestsStoreNothing) {
  int64_t id = NewIncident("errormark target");
  size_t before = CountMatching("errormark");
  std::string log_path = IncidentPath(id) + "/worklog";
  size_t log_before = Json(As("viewer", "GET", log_path))["items"].size();

  struct Case {
    std::string role, method, target, body;
    int status;
    std::string code;
  };
  std::vector<Case> cases = {
      {"responder", "POST", "/api/v1/incidents", R"({"title":"errormark x",)", 400, "invalid"},
      {"responder", "POST", "/api/v1/incidents", R"({"title":"errormark x","category":"spam"})",
       400, "invalid"},
      {"responder", "POST", "/api/v1/incidents",
       R"({"title":"errormark x","category":"scan","owner":"me"})", 400, "invalid"},
      {"responder", "POST", "/api/v1/incidents", R"(["errormark"])", 400, "invalid"},
      {"responder", "POST", IncidentPath(id) + "/transition", R"({"to":"closed"})", 400, "invalid"},
      {"responder", "POST", log_path, R"({"text":""})", 400, "invalid"},
      {"anonymous", "POST", "/api/v1/incidents", R"({"title":"errormark x","category":"scan"})",
       401, "unauthorized"},
      {"viewer", "POST", "/api/v1/incidents", R"({"title":"errormark x","category":"scan"})", 403,
       "forbidden"},
      {"viewer", "POST", log_path, R"({"text":"nope"})", 403, "forbidden"},
      {"viewer", "GET", "/api/v1/incidents/424242", "", 404, "not_found"},
      {"viewer", "GET", "/api/v1/nowhere", "", 404, "not_found"},
      {"admin", "DELETE", IncidentPath(id), "", 405, "method_not_allowed"},
      {"admin", "PATCH", IncidentPath(id), R"({"title":"errormark y","version":77})", 409,
       "conflict"},
  };
  for (const Case& c : cases) {
    HttpResponse response = As(c.role, c.method, c.target, c.body);
    EXPECT_EQ(response.status, c.status) << c.method << " " << c.target << " " << c.body;
    EXPECT_EQ(ErrorCode(response), c.code) << c.method << " " << c.target << " " << c.body;
    EXPECT_FALSE(Json(response)["error"]["message"].get<std::string>().empty());
  }
  HttpResponse wrong_method = As("admin", "DELETE", IncidentPath(id));
  EXPECT_EQ(wrong_method.Header("allow"), "GET, PATCH");
  EXPECT_NE(
      Json(As("responder", "POST", "/api/v1/incidents",
              R"({"title":"errormark x","category":"scan","owner":"me"})"))["error"]["message"]
          .get<std::string>()
          .find("owner"),
      std::string::npos);

  // 413: a body over the server's 1 MiB default limit.
  std::string huge = R"({"title":"errormark big","category":"scan","description":")" +
                     std::string(2 << 20, 'x') + "\"}";
  HttpResponse too_large = As("responder", "POST", "/api/v1/incidents", huge);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(ErrorCode(too_large), "too_large");

  EXPECT_EQ(CountMatching("errormark"), before);
  json now = Json(As("viewer", "GET", IncidentPath(id)));
  EXPECT_EQ(now["title"], "errormark target");
  EXPECT_EQ(now["state"], "new");
  EXPECT_EQ(Json(As("viewer", "GET", log_path))["items"].size(), log_before);
}

TEST_F(ApiEndToEnd, OversizedAndMalformedRequestsAreAnsweredNotDropped) {
  HttpConnection declared("127.0.0.1", port_);
  HttpResponse declared_large = declared.SendRaw(
      "POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 999999999\r\n\r\n{");
  EXPECT_EQ(declared_large.status, 413);
  HttpConnection headers("127.0.0.1", port_);
  HttpResponse huge_header = headers.SendRaw(
      "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge_header.status, 431);
  HttpConnection garbage("127.0.0.1", port_);
  EXPECT_EQ(garbage.SendRaw("NOT HTTP AT ALL\r\n\r\n").status, 400);
}

TEST_F(ApiEndToEnd, FailedLoginsLookAlikeAndAreRateLimited) {
  auto login = [](const std::string& user, const std::string& password) {
    return Call("POST", "/api/v1/auth/login",
                json{{"username", user}, {"password", password}}.dump());
  };
  HttpResponse unknown = login("no-such-user", "some password here");
  HttpResponse wrong = login("locked", "some password here");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login("locked", "another wrong one").status, 401);
  HttpResponse limited = login("locked", PasswordOf("locked"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(ErrorCode(limited), "rate_limited");
  int retry_after = std::stoi("0" + limited.Header("retry-after"));
  EXPECT_GT(retry_after, 0);
  EXPECT_LE(retry_after, 900);
  EXPECT_EQ(login("vera", PasswordOf("vera")).status, 200);  // other accounts still work
}

TEST_F(ApiEndToEnd, AdminsCreateUsersOnce) {
  std::string body = R"({"name":"newbie","role":"viewer","password":"a fine password"})";
  HttpResponse created = As("admin", "POST", "/api/v1/users", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(As("admin", "POST", "/api/v1/users", body).status, 409);
  json users = Json(As("admin", "GET", "/api/v1/users"))["items"];
  EXPECT_TRUE(std::any_of(users.begin(), users.end(),
                          [](const json& user) { return user["name"] == "newbie"; }));
  EXPECT_EQ(
      Call("POST", "/api/v1/auth/login", R"({"username":"newbie","password":"a fine password"})")
          .status,
      200);
}

// Every endpoint × every role, asserted in one loop. {id} gets a fresh incident per cell, {n} a
// unique number, so cells do not interfere.
TEST_F(ApiEndToEnd, RoleMatrix) {
  struct Row {
    std::string method, target, body;
    std::map<std::string, int> expected;  // role → status
  };
  auto all = [](int signed_in, int anonymous) {
    return std::map<std::string, int>{{"admin", signed_in},
                                      {"responder", signed_in},
                                      {"viewer", signed_in},
                                      {"anonymous", anonymous}};
  };
  auto writers = [](int ok) {
    return std::map<std::string, int>{
        {"admin", ok}, {"responder", ok}, {"viewer", 403}, {"anonymous", 401}};
  };
  auto admins = [](int ok) {
    return std::map<std::string, int>{
        {"admin", ok}, {"responder", 403}, {"viewer", 403}, {"anonymous", 401}};
  };
  const std::vector<Row> rows = {
      {"GET", "/api/v1/health", "", all(200, 200)},
      {"POST", "/api/v1/auth/login", R"({"username":"nobody{n}","password":"x"})", all(401, 401)},
      {"GET", "/api/v1/auth/me", "", all(200, 401)},
      {"POST", "/api/v1/auth/logout", "", all(204, 401)},
      {"GET", "/api/v1/meta", "", all(200, 401)},
      {"GET", "/api/v1/incidents", "", all(200, 401)},
      {"POST", "/api/v1/incidents", R"({"title":"matrix {n}","category":"scan"})", writers(201)},
      {"GET", "/api/v1/incidents/{id}", "", all(200, 401)},
      {"PATCH", "/api/v1/incidents/{id}", R"({"severity":"high"})", writers(200)},
      {"POST", "/api/v1/incidents/{id}/transition", R"({"to":"triage"})", writers(200)},
      {"GET", "/api/v1/incidents/{id}/worklog", "", all(200, 401)},
      {"POST", "/api/v1/incidents/{id}/worklog", R"({"text":"matrix note"})", writers(201)},
      {"GET", "/api/v1/users", "", admins(200)},
      {"POST", "/api/v1/users",
       R"({"name":"matrix{n}","role":"viewer","password":"matrix password"})", admins(201)},
      {"POST", "/api/v1/tokens", R"({"label":"matrix"})", all(201, 401)},
      {"GET", "/api/v1/lookup?q=203.0.113.5", "", all(404, 401)},  // no owner in any fixture
  };
  int counter = 0;
  auto fill = [&counter](std::string text, const std::string& marker, const std::string& value) {
    for (size_t at; (at = text.find(marker)) != std::string::npos;)
      text.replace(at, marker.size(), value);
    return text;
  };
  for (const Row& row : rows) {
    for (const std::string& role : kRoles) {
      std::string target = row.target;
      if (target.find("{id}") != std::string::npos) {
        target = fill(target, "{id}", std::to_string(NewIncident("matrix target")));
      }
      std::string body = fill(row.body, "{n}", std::to_string(++counter));
      HttpResponse response = As(role, row.method, target, body);
      EXPECT_EQ(response.status, row.expected.at(role))
          << role << " " << row.method << " " << row.target << " → " << response.body;
    }
  }
}

}  // namespace
}  // namespace hikeshi::testing
