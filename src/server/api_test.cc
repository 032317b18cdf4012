// Api::Handle over a real in-memory store: the HTTP semantics without sockets.
#include "server/api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "server/api_token.h"
#include "server/password.h"

namespace hikeshi::server {
namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::minutes;

constexpr std::string_view kPassword = "correct horse battery staple";

// One argon2id hash for every test user: hashing is deliberately slow.
const std::string& PasswordHash() {
  static const std::string hash = *HashPassword(kPassword);
  return hash;
}

class ApiTest : public testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenStore(":memory:");
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    api_ = std::make_unique<Api>(*store_, clock_, ApiOptions{.max_body_bytes = 4096});
    admin_token_ = AddUser("root", Role::kAdmin);
    responder_token_ = AddUser("alice", Role::kResponder);
    viewer_token_ = AddUser("victor", Role::kViewer);
  }

  std::string AddUser(const std::string& name, Role role, bool disabled = false) {
    User user{.name = name,
              .role = role,
              .password_hash = PasswordHash(),
              .disabled = disabled,
              .created_at = clock_.Now()};
    auto created = store_->CreateUser(user);
    EXPECT_TRUE(created) << created.error().message;
    auto token = IssueApiToken(*store_, *created, "test", clock_.Now());
    EXPECT_TRUE(token);
    return *token;
  }

  ApiResponse Call(std::string method, std::string target, std::string body = "",
                   std::string token = "") {
    ApiRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.body = std::move(body);
    if (!request.body.empty()) request.content_type = "application/json";
    if (!token.empty()) request.authorization = "Bearer " + token;
    request.remote_address = "192.0.2.1";
    return api_->Handle(request);
  }

  static json Json(const ApiResponse& response) { return json::parse(response.body); }
  static std::string Code(const ApiResponse& response) {
    return Json(response)["error"]["code"].get<std::string>();
  }

  int64_t CreateIncident(std::string title = "Port scan from 203.0.113.5",
                         std::string category = "scan") {
    ApiResponse response =
        Call("POST", "/api/v1/incidents", json{{"title", title}, {"category", category}}.dump(),
             responder_token_);
    EXPECT_EQ(response.status, 201) << response.body;
    return Json(response)["id"].get<int64_t>();
  }

  FakeClock clock_{FromMicros(1'800'000'000'000'000)};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Api> api_;
  std::string admin_token_, responder_token_, viewer_token_;
};

TEST_F(ApiTest, HealthNeedsNoAuthAndEveryResponseHasSecurityHeaders) {
  ApiResponse response = Call("GET", "/api/v1/health");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Json(response)["status"], "ok");
  EXPECT_TRUE(Json(response).contains("version"));
  EXPECT_EQ(response.Header("Content-Security-Policy"),
            "default-src 'self'; frame-ancestors 'none'");
  EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response.Header("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(response.Header("Cache-Control"), "no-store");
  ApiResponse page = Call("GET", "/");
  EXPECT_EQ(page.status, 503);
  EXPECT_EQ(page.Header("X-Content-Type-Options"), "nosniff");
}

TEST_F(ApiTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  ApiResponse missing = Call("GET", "/api/v1/nothing");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Code(missing), "not_found");
  ApiResponse wrong = Call("DELETE", "/api/v1/incidents/1", "", admin_token_);
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("Allow"), "GET, PATCH");
  EXPECT_TRUE(Json(wrong).contains("error"));
}

TEST_F(ApiTest, CredentialsAreRequiredAndChecked) {
  EXPECT_EQ(Call("GET", "/api/v1/incidents").status, 401);
  EXPECT_EQ(Code(Call("GET", "/api/v1/incidents")), "unauthorized");
  EXPECT_EQ(Call("GET", "/api/v1/incidents", "", "hks_wrong").status, 401);
  ApiRequest basic;
  basic.method = "GET";
  basic.target = "/api/v1/incidents";
  basic.authorization = "Basic cm9vdDpyb290";
  EXPECT_EQ(api_->Handle(basic).status, 401);
  std::string disabled = AddUser("mallory", Role::kAdmin, /*disabled=*/true);
  EXPECT_EQ(Call("GET", "/api/v1/incidents", "", disabled).status, 401);
}

TEST_F(ApiTest, CreateReturns201WithLocationAndAttributesTheWorkLog) {
  ApiResponse created = Call("POST", "/api/v1/incidents",
                             R"({"title":"フィッシングサイト","description":"偽の銀行",)"
                             R"("category":"phishing","severity":"high","tlp":"TLP:RED"})",
                             responder_token_);
  ASSERT_EQ(created.status, 201) << created.body;
  json incident = Json(created);
  EXPECT_EQ(created.Header("Location"),
            "/api/v1/incidents/" + std::to_string(incident["id"].get<int64_t>()));
  EXPECT_EQ(incident["title"], "フィッシングサイト");
  EXPECT_EQ(incident["state"], "new");
  EXPECT_EQ(incident["rsit"], "fraud:phishing");
  EXPECT_EQ(incident["tlp"], "TLP:RED");
  EXPECT_EQ(incident["version"], 1);
  EXPECT_EQ(incident["reported_at"], FormatRfc3339(clock_.Now()));

  ApiResponse log =
      Call("GET", created.Header("Location").data() + std::string("/worklog"), "", viewer_token_);
  ASSERT_EQ(log.status, 200) << log.body;
  json items = Json(log)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["responder"], "alice");
  EXPECT_EQ(items[0]["action"], "created");
  EXPECT_EQ(items[0]["prev_hash"], std::string(64, '0'));
}

TEST_F(ApiTest, ViewersReadButCannotWrite) {
  int64_t id = CreateIncident();
  EXPECT_EQ(Call("GET", "/api/v1/incidents/" + std::to_string(id), "", viewer_token_).status, 200);
  ApiResponse denied =
      Call("POST", "/api/v1/incidents", R"({"title":"x","category":"scan"})", viewer_token_);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(Code(denied), "forbidden");
  EXPECT_EQ(Call("GET", "/api/v1/users", "", responder_token_).status, 403);
}

TEST_F(ApiTest, RejectedRequestsStoreNothing) {
  CreateIncident();
  for (const char* body :
       {"{", "[1]", R"({"title":"x","category":"nope"})",
        R"({"title":"x","category":"scan","colour":"red"})", R"({"title":"","category":"scan"})",
        R"({"title":"x","category":"scan","reported_at":"2099-01-01T00:00:00Z"})"}) {
    ApiResponse response = Call("POST", "/api/v1/incidents", body, responder_token_);
    EXPECT_EQ(response.status, 400) << body;
    EXPECT_EQ(Code(response), "invalid") << body;
  }
  ApiResponse unknown = Call("POST", "/api/v1/incidents",
                             R"({"title":"x","category":"scan","colour":"red"})", responder_token_);
  EXPECT_NE(Json(unknown)["error"]["message"].get<std::string>().find("colour"), std::string::npos);
  EXPECT_EQ(Json(Call("GET", "/api/v1/incidents", "", viewer_token_))["items"].size(), 1u);
}

TEST_F(ApiTest, BodiesMustBeJsonAndWithinTheLimit) {
  ApiRequest request;
  request.method = "POST";
  request.target = "/api/v1/incidents";
  request.authorization = "Bearer " + responder_token_;
  request.body = R"({"title":"x","category":"scan"})";
  request.content_type = "text/plain";
  EXPECT_EQ(api_->Handle(request).status, 400);
  request.content_type = "application/json; charset=utf-8";
  EXPECT_EQ(api_->Handle(request).status, 201);
  ApiResponse large = Call("POST", "/api/v1/incidents", std::string(5000, ' '), responder_token_);
  EXPECT_EQ(large.status, 413);
  EXPECT_EQ(Code(large), "too_large");
}

TEST_F(ApiTest, GetMissingOrNonNumericIncidentIs404) {
  for (const char* id : {"999", "abc", "0", "-1", "1e3", "99999999999999999999"}) {
    ApiResponse response = Call("GET", std::string("/api/v1/incidents/") + id, "", viewer_token_);
    EXPECT_EQ(response.status, 404) << id;
  }
}

TEST_F(ApiTest, PatchChecksVersionAndLead) {
  int64_t id = CreateIncident();
  std::string path = "/api/v1/incidents/" + std::to_string(id);
  ApiResponse patched = Call("PATCH", path, R"({"severity":"critical","lead":"alice","version":1})",
                             responder_token_);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json(patched)["severity"], "critical");
  EXPECT_EQ(Json(patched)["lead"], "alice");
  EXPECT_EQ(Json(patched)["version"], 2);

  ApiResponse stale =
      Call("PATCH", path, R"({"title":"lost update","version":1})", responder_token_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(Code(stale), "conflict");
  ApiResponse nobody = Call("PATCH", path, R"({"lead":"nobody"})", responder_token_);
  EXPECT_EQ(nobody.status, 400);
  json now = Json(Call("GET", path, "", viewer_token_));
  EXPECT_EQ(now["version"], 2);
  EXPECT_EQ(now["title"], "Port scan from 203.0.113.5");
  EXPECT_EQ(Json(Call("GET", path + "/worklog", "", viewer_token_))["items"].size(), 2u);

  ApiResponse unassigned = Call("PATCH", path, R"({"lead":null})", responder_token_);
  EXPECT_TRUE(Json(unassigned)["lead"].is_null());
  EXPECT_EQ(Call("PATCH", "/api/v1/incidents/404", "{}", responder_token_).status, 404);
}

TEST_F(ApiTest, TransitionsStampTimesAndRejectIllegalMoves) {
  int64_t id = CreateIncident();
  std::string path = "/api/v1/incidents/" + std::to_string(id) + "/transition";
  auto move = [&](std::string body) { return Call("POST", path, body, responder_token_); };
  ApiResponse illegal = move(R"({"to":"closed"})");
  EXPECT_EQ(illegal.status, 400);
  clock_.Advance(minutes(5));
  ApiResponse triage = move(R"({"to":"triage","note":"looking"})");
  ASSERT_EQ(triage.status, 200) << triage.body;
  EXPECT_EQ(Json(triage)["metrics"]["time_to_acknowledge_seconds"], 300);
  EXPECT_EQ(Json(triage)["acknowledged_at"], FormatRfc3339(clock_.Now()));
  EXPECT_EQ(move(R"({"to":"not-an-incident"})").status, 400);  // needs a reason
  ApiResponse dismissed = move(R"({"to":"not-an-incident","reason":"spam"})");
  ASSERT_EQ(dismissed.status, 200);
  EXPECT_EQ(Json(dismissed)["not_incident_reason"], "spam");
  EXPECT_FALSE(Json(dismissed)["closed_at"].is_null());
  EXPECT_EQ(move(R"({"to":"triage"})").status, 200);
  EXPECT_EQ(move(R"({"to":"open"})").status, 200);
  clock_.Advance(minutes(55));
  ApiResponse contained = move(R"({"to":"contained"})");
  EXPECT_EQ(Json(contained)["metrics"]["time_to_contain_seconds"], 3600);
  EXPECT_EQ(Json(contained)["phase"]["jpcert"], "連絡・広報");
  EXPECT_EQ(move(R"({"to":"recovered"})").status, 200);
  ApiResponse closed = move(R"({"to":"closed"})");
  EXPECT_EQ(Json(closed)["state"], "closed");
  EXPECT_EQ(Json(closed)["next_states"], json::array({"open"}));
  EXPECT_EQ(Call("POST", "/api/v1/incidents/777/transition", R"({"to":"triage"})", responder_token_)
                .status,
            404);
}

TEST_F(ApiTest, WorkLogNotesChainAndNameTheirAuthor) {
  int64_t id = CreateIncident();
  std::string path = "/api/v1/incidents/" + std::to_string(id) + "/worklog";
  ApiResponse note = Call("POST", path, R"({"text":"ISPに連絡した"})", admin_token_);
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(Json(note)["responder"], "root");
  EXPECT_EQ(Json(note)["seq"], 2);
  EXPECT_EQ(Call("POST", path, R"({"text":"   "})", admin_token_).status, 400);
  EXPECT_EQ(Call("POST", path, R"({"text":"x"})", viewer_token_).status, 403);
  json items = Json(Call("GET", path, "", viewer_token_))["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1]["prev_hash"], items[0]["hash"]);
  EXPECT_EQ(Call("GET", "/api/v1/incidents/555/worklog", "", viewer_token_).status, 404);
}

TEST_F(ApiTest, ListFiltersPagesAndSearches) {
  CreateIncident("SSH brute force", "intrusion");
  CreateIncident("不正アクセスの報告", "intrusion");
  CreateIncident("Port scan", "scan");
  auto list = [&](std::string query) {
    return Call("GET", "/api/v1/incidents?" + query, "", viewer_token_);
  };
  EXPECT_EQ(Json(list("category=intrusion"))["items"].size(), 2u);
  EXPECT_EQ(Json(list("state=new&category=scan"))["items"].size(), 1u);
  EXPECT_EQ(Json(list("state=open"))["items"].size(), 0u);
  json first = Json(list("limit=2"));
  ASSERT_EQ(first["items"].size(), 2u);
  EXPECT_EQ(first["items"][0]["title"], "Port scan");  // newest first
  ASSERT_TRUE(first["next"].is_string());
  json second = Json(list("limit=2&cursor=" + first["next"].get<std::string>()));
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["title"], "SSH brute force");
  EXPECT_TRUE(second["next"].is_null());
  json japanese = Json(list("q=%E4%B8%8D%E6%AD%A3%E3%82%A2%E3%82%AF%E3%82%BB%E3%82%B9"));
  ASSERT_EQ(japanese["items"].size(), 1u) << japanese.dump();
  EXPECT_EQ(japanese["items"][0]["title"], "不正アクセスの報告");
  for (const char* bad :
       {"state=done", "category=spam", "tlp=blue", "limit=0", "limit=501", "limit=x", "cursor=-4",
        "sort=size", "order=up", "state=open&state=new", "q=%ff", "cursor=title.asc.1.zz",
        "cursor=title.asc.1", "cursor=1.2.3.4.5"}) {
    ApiResponse response = list(bad);
    EXPECT_EQ(response.status, 400) << bad;
  }
}

TEST_F(ApiTest, ListSortsOnTheServerAndCursorsKeepTheOrder) {
  // Created in an order that differs from the title order; two ties on "b".
  for (const char* title : {"d", "b", "a", "e", "b", "c"}) CreateIncident(title, "scan");
  CreateIncident("a-intrusion", "intrusion");
  auto list = [&](std::string query) {
    return Call("GET", "/api/v1/incidents?" + query, "", viewer_token_);
  };
  std::vector<std::string> titles;
  std::string query = "category=scan&sort=title&order=asc&limit=2";
  json page = Json(list(query));
  for (int pages = 0; pages < 10; ++pages) {
    for (const json& item : page["items"]) titles.push_back(item["title"]);
    if (page["next"].is_null()) break;
    std::string next = page["next"];
    EXPECT_NE(next.find("title.asc."), std::string::npos) << next;
    page = Json(list(query + "&cursor=" + next));
  }
  EXPECT_EQ(titles, (std::vector<std::string>{"a", "b", "b", "c", "d", "e"}));

  json by_title = Json(list("sort=title&order=desc&limit=1"));
  EXPECT_EQ(by_title["items"][0]["title"], "e");
  std::string cursor = by_title["next"];
  // The cursor only continues the order it was made for.
  for (const std::string other :
       {"sort=title&order=asc", "sort=id&order=desc", "sort=lead&order=desc", "limit=5"}) {
    ApiResponse refused = list(other + "&cursor=" + cursor);
    EXPECT_EQ(refused.status, 400) << other;
    EXPECT_NE(refused.body.find("was made for sort=title&order=desc"), std::string::npos)
        << refused.body;
  }
  std::string newest = Json(list("limit=1"))["next"];
  ApiResponse numeric = list("sort=severity&cursor=" + newest);
  EXPECT_EQ(numeric.status, 400);
  EXPECT_NE(numeric.body.find("default order"), std::string::npos) << numeric.body;
  EXPECT_EQ(list("sort=id&order=desc&cursor=" + newest).status, 200);

  json ascending = Json(list("sort=id&order=asc&limit=3"));
  EXPECT_EQ(ascending["items"][0]["title"], "d");
  json rest =
      Json(list("sort=id&order=asc&limit=3&cursor=" + ascending["next"].get<std::string>()));
  EXPECT_EQ(rest["items"][0]["title"], "e");
  for (const char* key : {"id", "title", "state", "category", "severity", "tlp", "lead",
                          "reported_at", "updated_at"}) {
    ApiResponse sorted = list(std::string("limit=3&sort=") + key);
    EXPECT_EQ(sorted.status, 200) << key << sorted.body;
    EXPECT_EQ(Json(sorted)["items"].size(), 3u) << key;
  }
}

TEST_F(ApiTest, ReportsListByIncident) {
  int64_t incident = CreateIncident();
  int64_t other = CreateIncident("Another");
  auto submit = [&](const std::string& subject) {
    ApiRequest request;
    request.method = "POST";
    request.target = "/api/v1/reports";
    request.body = "From: a@example.net\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject +
                   "@example.net>\r\n\r\nSee 198.51.100.7\r\n";
    request.content_type = "message/rfc822";
    request.authorization = "Bearer " + responder_token_;
    request.remote_address = "192.0.2.1";
    ApiResponse response = api_->Handle(request);
    EXPECT_EQ(response.status, 201) << response.body;
    return Json(response)["id"].get<int64_t>();
  };
  auto attach = [&](int64_t report, int64_t to) {
    ApiResponse response =
        Call("POST", "/api/v1/reports/" + std::to_string(report) + "/triage",
             json{{"action", "attach"}, {"incident_id", to}}.dump(), responder_token_);
    EXPECT_EQ(response.status, 200) << response.body;
  };
  int64_t a = submit("a");
  int64_t b = submit("b");
  submit("c");  // stays in the inbox
  int64_t d = submit("d");
  attach(a, incident);
  attach(b, other);
  attach(d, incident);
  auto list = [&](const std::string& query) {
    return Call("GET", "/api/v1/reports?" + query, "", viewer_token_);
  };
  json linked = Json(list("incident=" + std::to_string(incident)));
  ASSERT_EQ(linked["items"].size(), 2u) << linked.dump();
  EXPECT_EQ(linked["items"][0]["id"], d);
  EXPECT_EQ(linked["items"][1]["id"], a);
  json paged = Json(list("limit=1&incident=" + std::to_string(incident)));
  ASSERT_TRUE(paged["next"].is_string());
  json rest = Json(list("limit=1&incident=" + std::to_string(incident) +
                        "&cursor=" + paged["next"].get<std::string>()));
  ASSERT_EQ(rest["items"].size(), 1u);
  EXPECT_EQ(rest["items"][0]["id"], a);
  EXPECT_EQ(list("incident=x").status, 400);
  EXPECT_EQ(list("incident=0").status, 400);
}

TEST_F(ApiTest, LoginSessionCsrfAndLogout) {
  ApiResponse login = Call("POST", "/api/v1/auth/login",
                           json{{"username", "alice"}, {"password", kPassword}}.dump());
  ASSERT_EQ(login.status, 200) << login.body;
  std::string set_cookie(login.Header("Set-Cookie"));
  EXPECT_TRUE(set_cookie.starts_with("hikeshi_session="));
  EXPECT_NE(set_cookie.find("; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200"),
            std::string::npos);
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(cookie.size(), std::string("hikeshi_session=").size() + 43);
  std::string csrf = Json(login)["csrf_token"];
  EXPECT_EQ(Json(login)["user"]["role"], "responder");

  ApiRequest request;
  request.method = "GET";
  request.target = "/api/v1/auth/me";
  request.cookie = "theme=dark; " + cookie;
  ApiResponse me = api_->Handle(request);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Json(me)["user"]["name"], "alice");
  EXPECT_EQ(Json(me)["csrf_token"], csrf);

  request.method = "POST";
  request.target = "/api/v1/incidents";
  request.content_type = "application/json";
  request.body = R"({"title":"via browser","category":"dos"})";
  EXPECT_EQ(api_->Handle(request).status, 403);
  request.csrf_token = "wrong";
  EXPECT_EQ(api_->Handle(request).status, 403);
  request.csrf_token = csrf;
  EXPECT_EQ(api_->Handle(request).status, 201);

  request.target = "/api/v1/auth/logout";
  request.body.clear();
  ApiResponse logout = api_->Handle(request);
  EXPECT_EQ(logout.status, 204);
  EXPECT_NE(logout.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  request.method = "GET";
  request.target = "/api/v1/auth/me";
  EXPECT_EQ(api_->Handle(request).status, 401);
}

TEST_F(ApiTest, SessionsExpire) {
  ApiResponse login = Call("POST", "/api/v1/auth/login",
                           json{{"username", "victor"}, {"password", kPassword}}.dump());
  ASSERT_EQ(login.status, 200);
  std::string set_cookie(login.Header("Set-Cookie"));
  ApiRequest request;
  request.method = "GET";
  request.target = "/api/v1/incidents";
  request.cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(api_->Handle(request).status, 200);
  clock_.Advance(hours(12) + minutes(1));
  EXPECT_EQ(api_->Handle(request).status, 401);
}

TEST_F(ApiTest, BadLoginsLookAlikeAndAreRateLimited) {
  auto login = [&](std::string user, std::string password) {
    return Call("POST", "/api/v1/auth/login",
                json{{"username", user}, {"password", password}}.dump());
  };
  ApiResponse unknown = login("nobody", "whatever password");
  ApiResponse wrong = login("alice", "whatever password");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.body, wrong.body);
  EXPECT_EQ(unknown.Header("Set-Cookie"), "");
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login("alice", "still wrong!!").status, 401);
  ApiResponse limited = login("alice", std::string(kPassword));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Code(limited), "rate_limited");
  EXPECT_EQ(limited.Header("Retry-After"), "900");
  EXPECT_EQ(login("victor", std::string(kPassword)).status, 200);  // other accounts unaffected
  clock_.Advance(minutes(15));
  EXPECT_EQ(login("alice", std::string(kPassword)).status, 200);
  EXPECT_EQ(login("alice", "").status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/auth/login", R"({"username":"alice"})").status, 400);
}

TEST_F(ApiTest, AdminsManageUsersAndAnyoneMakesTokens) {
  ApiResponse created =
      Call("POST", "/api/v1/users", R"({"name":"bob","role":"viewer","password":"long enough pw"})",
           admin_token_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json(created)["name"], "bob");
  EXPECT_FALSE(Json(created).contains("password_hash"));
  EXPECT_EQ(Call("POST", "/api/v1/users",
                 R"({"name":"bob","role":"viewer","password":"long enough pw"})", admin_token_)
                .status,
            409);
  EXPECT_EQ(Call("POST", "/api/v1/users",
                 R"({"name":"Bad Name","role":"viewer","password":"long enough pw"})", admin_token_)
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/users",
                 R"({"name":"carl","role":"god","password":"long enough pw"})", admin_token_)
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/users", R"({"name":"carl","role":"viewer","password":"short"})",
                 admin_token_)
                .status,
            400);
  json users = Json(Call("GET", "/api/v1/users", "", admin_token_));
  EXPECT_EQ(users["items"].size(), 4u);

  ApiResponse token = Call("POST", "/api/v1/tokens", R"({"label":"ci"})", viewer_token_);
  ASSERT_EQ(token.status, 201);
  std::string secret = Json(token)["token"];
  EXPECT_TRUE(secret.starts_with("hks_"));
  EXPECT_EQ(secret.size(), 4u + 43u);
  ApiResponse me = Call("GET", "/api/v1/auth/me", "", secret);
  EXPECT_EQ(Json(me)["user"]["name"], "victor");
  EXPECT_TRUE(Json(me)["csrf_token"].is_null());
}

TEST_F(ApiTest, MetaDescribesTheVocabularies) {
  EXPECT_EQ(Call("GET", "/api/v1/meta").status, 401);
  json meta = Json(Call("GET", "/api/v1/meta", "", viewer_token_));
  EXPECT_EQ(meta["categories"].size(), 9u);
  EXPECT_EQ(meta["categories"][3]["name"], "phishing");
  EXPECT_EQ(meta["categories"][3]["label_ja"], "フィッシングサイト");
  EXPECT_EQ(meta["states"].size(), 7u);
  EXPECT_EQ(meta["states"][1]["next"], json::array({"open", "not-an-incident"}));
  EXPECT_EQ(meta["severities"], json::array({"low", "medium", "high", "critical"}));
  EXPECT_EQ(meta["tlp"].size(), 5u);
  EXPECT_EQ(meta["not_incident_reasons"].size(), 5u);
}

// The server calls Handle from every I/O thread; run under TSan (the tsan preset) this checks
// the Api, the limiter and the store together.
TEST_F(ApiTest, ConcurrentRequestsAreSafe) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string title = "concurrent " + std::to_string(t) + "-" + std::to_string(i);
        ApiResponse created =
            Call("POST", "/api/v1/incidents", json{{"title", title}, {"category", "dos"}}.dump(),
                 responder_token_);
        EXPECT_EQ(created.status, 201);
        EXPECT_EQ(Call("GET", "/api/v1/incidents?limit=5", "", viewer_token_).status, 200);
        EXPECT_EQ(Call("GET", "/api/v1/meta", "", viewer_token_).status, 200);
      }
      EXPECT_EQ(Call("POST", "/api/v1/auth/login",
                     json{{"username", "victor"}, {"password", "not it, sorry"}}.dump())
                    .status,
                401);
    });
  }
  for (std::thread& thread : threads) thread.join();
  json all = Json(Call("GET", "/api/v1/incidents?category=dos&limit=500", "", viewer_token_));
  EXPECT_EQ(all["items"].size(), static_cast<size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace hikeshi::server
