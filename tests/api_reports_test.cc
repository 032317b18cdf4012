// Reports through the real server: submission, the inbox, triage actions, the public form.
#include "api_test_fixture.h"

namespace hikeshi::testing {
namespace {

std::string ReportPath(int64_t id) { return "/api/v1/reports/" + std::to_string(id); }

class ReportApi : public ApiEndToEnd {
 protected:
  static json SubmitJson(const json& body) {
    HttpResponse response = As("responder", "POST", "/api/v1/reports", body.dump());
    EXPECT_EQ(response.status, 201) << response.body;
    return Json(response);
  }
};

TEST_F(ReportApi, JsonReportIsStoredTriagedAndReadBack) {
  std::string body = json{
      {"reporter", "soc@example.net"},
      {"subject", "SSH brute force from 203.0.113.77"},
      {"text",
       "Nov 22 10:15:01 web1 sshd[1]: Failed password for root from "
       "203.0.113.77 port 1 ssh2\nNov 22 10:15:02 web1 sshd[1]: Failed "
       "password for root from 203.0.113.77 port 2 ssh2\n"},
      {"event_time", "2026-11-22T01:15:01Z"},
      {"consent", true}}.dump();
  HttpResponse created = As("responder", "POST", "/api/v1/reports", body);
  ASSERT_EQ(created.status, 201) << created.body;
  json report = Json(created);
  EXPECT_EQ(created.Header("location"), ReportPath(report["id"]));
  EXPECT_EQ(report["channel"], "api");
  EXPECT_EQ(report["format"], "json");
  EXPECT_EQ(report["category"], "intrusion");
  EXPECT_EQ(report["triage_rule"], "keyword \"brute force\" → intrusion");
  EXPECT_EQ(report["consent_to_share"], true);
  EXPECT_EQ(report["raw_bytes"], body.size());
  // Indicators come out of the text of a JSON report too.
  bool source_found = false;
  for (const json& observable : report["observables"]) {
    source_found |= observable["value"] == "203.0.113.77";
  }
  EXPECT_TRUE(source_found) << report["observables"].dump();

  HttpResponse raw = As("viewer", "GET", ReportPath(report["id"]) + "/raw");
  ASSERT_EQ(raw.status, 200);
  EXPECT_EQ(raw.body, body);  // byte for byte
  EXPECT_EQ(raw.Header("x-content-sha256"), report["sha256"]);
  EXPECT_EQ(raw.Header("content-type"), "application/octet-stream");

  json listed = Json(As("viewer", "GET", "/api/v1/reports?category=intrusion&limit=500"));
  bool found = false;
  for (const json& item : listed["items"]) found |= item["id"] == report["id"];
  EXPECT_TRUE(found);
  EXPECT_FALSE(listed["items"][0].contains("text"));  // listings leave the text out
}

TEST_F(ReportApi, ReportWithoutEvidenceNeedsInformationWithAJapaneseReply) {
  json report = SubmitJson({{"reporter", "taro@example.jp"},
                            {"subject", "フィッシングサイトの報告"},
                            {"text", "弊社を装ったフィッシングサイトを見つけました。"}});
  EXPECT_EQ(report["status"], "needs-info");
  EXPECT_EQ(report["category"], "phishing");
  EXPECT_EQ(report["language"], "ja");
  EXPECT_EQ(report["missing_evidence"], json({"url", "time"}));
  EXPECT_NE(report["draft_reply"].get<std::string>().find("報告対象サイトの URL"),
            std::string::npos);
}

TEST_F(ReportApi, InvalidReportsStoreNothing) {
  size_t before = Json(As("viewer", "GET", "/api/v1/reports?limit=500"))["items"].size();
  EXPECT_EQ(As("responder", "POST", "/api/v1/reports", R"({"text":"no reporter"})").status, 400);
  EXPECT_EQ(
      As("responder", "POST", "/api/v1/reports", R"({"reporter":"x","text":"t","x":1})").status,
      400);
  HttpResponse wrong_type = Call(
      "POST", "/api/v1/reports", "hello",
      {{"Authorization", "Bearer " + tokens_.at("responder")}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(ErrorCode(wrong_type), "invalid");
  EXPECT_EQ(Json(As("viewer", "GET", "/api/v1/reports?limit=500"))["items"].size(), before);
  EXPECT_EQ(As("viewer", "GET", "/api/v1/reports?status=bogus").status, 400);
  EXPECT_EQ(As("viewer", "GET", ReportPath(999999)).status, 404);
}

TEST_F(ReportApi, TriageIntoANewIncidentAttachAndClose) {
  json first = SubmitJson({{"reporter", "a@example.net"},
                           {"subject", "Defaced page on www.example.jp"},
                           {"text", "hacked by someone"}});
  HttpResponse accepted = As("responder", "POST", ReportPath(first["id"]) + "/triage",
                             R"({"action":"new-incident","severity":"high","note":"confirmed"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  json result = Json(accepted);
  EXPECT_EQ(result["report"]["status"], "accepted");
  int64_t incident_id = result["incident"]["id"];
  EXPECT_EQ(result["report"]["incident_id"], incident_id);
  EXPECT_EQ(result["incident"]["category"], "defacement");
  EXPECT_EQ(result["incident"]["title"], "Defaced page on www.example.jp");
  EXPECT_EQ(result["incident"]["severity"], "high");

  json second = SubmitJson({{"reporter", "b@example.net"}, {"text", "the same defacement"}});
  HttpResponse attached = As("responder", "POST", ReportPath(second["id"]) + "/triage",
                             json{{"action", "attach"}, {"incident_id", incident_id}}.dump());
  ASSERT_EQ(attached.status, 200) << attached.body;

  json log = Json(As("viewer", "GET", IncidentPath(incident_id) + "/worklog"));
  ASSERT_EQ(log["items"].size(), 2u);
  std::string created_text = log["items"][0]["text"];
  EXPECT_NE(created_text.find("from report #" + std::to_string(first["id"].get<int64_t>())),
            std::string::npos)
      << created_text;
  EXPECT_EQ(log["items"][0]["responder"], "rita");
  std::string attached_text = log["items"][1]["text"];
  EXPECT_NE(attached_text.find("Attached report #" + std::to_string(second["id"].get<int64_t>())),
            std::string::npos)
      << attached_text;

  json third = SubmitJson({{"reporter", "c@example.net"}, {"text", "legit pentest"}});
  EXPECT_EQ(As("responder", "POST", ReportPath(third["id"]) + "/triage",
               R"({"action":"not-an-incident"})")
                .status,
            400);  // a reason is required
  HttpResponse closed = As("responder", "POST", ReportPath(third["id"]) + "/triage",
                           R"({"action":"not-an-incident","reason":"legitimate-access"})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Json(closed)["report"]["status"], "not-an-incident");
  EXPECT_EQ(Json(closed)["report"]["not_incident_reason"], "legitimate-access");
  EXPECT_EQ(Json(closed)["report"]["triage_rule"], "not-an-incident by rita");

  EXPECT_EQ(As("responder", "POST", ReportPath(third["id"]) + "/triage",
               R"({"action":"attach","incident_id":999999})")
                .status,
            404);
  EXPECT_EQ(
      As("viewer", "POST", ReportPath(third["id"]) + "/triage", R"({"action":"ask-info"})").status,
      403);
}

TEST_F(ReportApi, PublicFormNeedsNoLoginAsksConsentAndIsRateLimited) {
  json form = {{"contact_email", "reporter@example.org"},
               {"contact_name", "山田 太郎"},
               {"consent", false},
               {"category", "phishing"},
               {"description", "A phishing page imitates our bank."},
               {"url", "http://bank.example.net.evil.example/login"},
               {"event_time", "2026-11-22T01:00:00Z"}};
  HttpResponse receipt = Call("POST", "/api/v1/public/reports", form.dump());
  ASSERT_EQ(receipt.status, 201) << receipt.body;
  json body = Json(receipt);
  EXPECT_EQ(body["status"], "new");
  json stored = Json(As("viewer", "GET", ReportPath(body["id"])));
  EXPECT_EQ(stored["channel"], "form");
  EXPECT_EQ(stored["reporter"], "reporter@example.org");
  EXPECT_EQ(stored["reporter_name"], "山田 太郎");
  EXPECT_EQ(stored["consent_to_share"], false);
  EXPECT_EQ(stored["triage_rule"], "category chosen in the report form");
  EXPECT_NE(stored["text"].get<std::string>().find("URL: http://bank.example.net.evil.example"),
            std::string::npos);

  json no_consent = form;
  no_consent.erase("consent");
  EXPECT_EQ(Call("POST", "/api/v1/public/reports", no_consent.dump()).status, 400);
  json bad_mail = form;
  bad_mail["contact_email"] = "not a mail address";
  EXPECT_EQ(Call("POST", "/api/v1/public/reports", bad_mail.dump()).status, 400);
  // HTML forms cannot post JSON: the form endpoint takes nothing else (a CSRF defence).
  EXPECT_EQ(Call("POST", "/api/v1/public/reports", "a=b",
                 {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            400);

  int status = 201;
  for (int i = 0; i < 12 && status == 201; ++i) {
    status = Call("POST", "/api/v1/public/reports", form.dump()).status;
  }
  EXPECT_EQ(status, 429);  // ten per address and hour
}

TEST_F(ReportApi, RawMailAndXarfAreParsedAndFoundByTheirObservables) {
  std::string mail =
      "From: Abuse Desk <abuse@isp.example.net>\r\nTo: abuse@example.jp\r\n"
      "Subject: Phishing site on your network\r\nMessage-ID: <api-mail-1@isp.example.net>\r\n"
      "Date: Sun, 22 Nov 2026 10:00:00 +0900\r\n\r\n"
      "A phishing page at hxxp://login.bank-example[.]com/secure was live on "
      "2026-11-22T09:50:00+09:00, hosted on 198.51.100[.]44.\r\n";
  HttpResponse created = Call(
      "POST", "/api/v1/reports", mail,
      {{"Authorization", "Bearer " + tokens_.at("responder")}, {"Content-Type", "message/rfc822"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json report = Json(created);
  EXPECT_EQ(report["format"], "mail");
  EXPECT_EQ(report["reporter"], "abuse@isp.example.net");
  EXPECT_EQ(report["message_id"], "api-mail-1@isp.example.net");
  EXPECT_EQ(report["category"], "phishing");
  EXPECT_EQ(report["status"], "new");  // URL and time are there
  EXPECT_EQ(report["event_time"], "2026-11-22T00:50:00.000000Z");
  bool defanged_url = false;
  for (const json& observable : report["observables"]) {
    if (observable["kind"] == "url" &&
        observable["original"] == "hxxp://login.bank-example[.]com/secure") {
      defanged_url = observable["value"] == "http://login.bank-example.com/secure";
    }
  }
  EXPECT_TRUE(defanged_url) << report["observables"].dump();

  // The same mail again collapses into the first report.
  HttpResponse again = Call(
      "POST", "/api/v1/reports", mail,
      {{"Authorization", "Bearer " + tokens_.at("responder")}, {"Content-Type", "message/rfc822"}});
  EXPECT_EQ(Json(again)["status"], "duplicate");
  EXPECT_EQ(Json(again)["duplicate_of"], report["id"]);

  // Looked up as typed by a person: defanged, or by registrable domain.
  json seen = Json(As("viewer", "GET", "/api/v1/observables?q=198.51.100%5B.%5D44"));
  EXPECT_EQ(seen["value"], "198.51.100.44");
  // Every report mentioning it, the duplicate too (it is evidence).
  EXPECT_EQ(seen["report_ids"], json({Json(again)["id"], report["id"]}));
  json by_domain = Json(As("viewer", "GET", "/api/v1/observables?q=bank-example.com"));
  EXPECT_EQ(by_domain["report_ids"], seen["report_ids"]);
  json listed = Json(As("viewer", "GET", "/api/v1/reports?q=198.51.100.44"));
  ASSERT_EQ(listed["items"].size(), 1u);

  std::string xarf = R"({"xarf_version":"4.2.0","report_id":"api-x-1",
      "timestamp":"2026-11-22T01:00:00Z",
      "reporter":{"org":"Scan Watch","contact":"r@scan.example","domain":"scan.example"},
      "sender":{"org":"Scan Watch","contact":"r@scan.example","domain":"scan.example"},
      "category":"connection","type":"port_scan","source_identifier":"192.0.2.77"})";
  HttpResponse posted = As("responder", "POST", "/api/v1/reports", xarf);
  ASSERT_EQ(posted.status, 201) << posted.body;
  json from_xarf = Json(posted);
  EXPECT_EQ(from_xarf["format"], "xarf");
  EXPECT_EQ(from_xarf["category"], "scan");
  EXPECT_EQ(from_xarf["reference"], "api-x-1");
  EXPECT_EQ(from_xarf["reporter"], "r@scan.example");
  EXPECT_EQ(from_xarf["status"], "new");

  HttpResponse broken = Call(
      "POST", "/api/v1/reports", "\x01\x02 not a mail at all",
      {{"Authorization", "Bearer " + tokens_.at("responder")}, {"Content-Type", "message/rfc822"}});
  EXPECT_EQ(broken.status, 201);  // whatever arrives is kept as evidence
}

TEST_F(ReportApi, ReportRoutesRoleMatrix) {
  json report = SubmitJson({{"reporter", "m@example.net"}, {"text", "matrix"}});
  std::string path = ReportPath(report["id"]);
  struct Row {
    std::string method, target, body;
    std::map<std::string, int> expected;
  };
  const std::vector<Row> rows = {
      {"GET",
       "/api/v1/reports",
       "",
       {{"admin", 200}, {"responder", 200}, {"viewer", 200}, {"anonymous", 401}}},
      {"GET", path, "", {{"admin", 200}, {"responder", 200}, {"viewer", 200}, {"anonymous", 401}}},
      {"GET",
       path + "/raw",
       "",
       {{"admin", 200}, {"responder", 200}, {"viewer", 200}, {"anonymous", 401}}},
      {"POST",
       "/api/v1/reports",
       R"({"reporter":"m@x","text":"t"})",
       {{"admin", 201}, {"responder", 201}, {"viewer", 403}, {"anonymous", 401}}},
      {"POST",
       path + "/triage",
       R"({"action":"ask-info"})",
       {{"admin", 200}, {"responder", 200}, {"viewer", 403}, {"anonymous", 401}}},
      {"GET",
       "/api/v1/observables?q=203.0.113.77",
       "",
       {{"admin", 200}, {"responder", 200}, {"viewer", 200}, {"anonymous", 401}}},
  };
  for (const Row& row : rows) {
    for (const std::string& role : kRoles) {
      HttpResponse response = As(role, row.method, row.target, row.body);
      EXPECT_EQ(response.status, row.expected.at(role))
          << role << " " << row.method << " " << row.target << " → " << response.body;
    }
  }
}

}  // namespace
}  // namespace hikeshi::testing
