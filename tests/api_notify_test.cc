// POST /api/v1/incidents/{id}/notifications end to end: notices drafted by hand for an incident
// made by a responder (no correlation rule involved), to the owner from the imported RPSL index
// or to a recipient given in the request; aggregated, so asking twice adds nothing.
#include <chrono>
#include <thread>

#include "api_test_fixture.h"

#ifndef HIKESHI_TEST_DATA
#error "HIKESHI_TEST_DATA must name tests/data"
#endif

namespace hikeshi::testing {
namespace {

class NotifyApi : public ApiEndToEnd {
 protected:
  // The RPSL fixture imported and seen by the running server (it checks the file every second).
  static void ImportOwners() {
    CommandResult imported =
        RunCommand({HIKESHI_BINARY, "db", "import", "rpsl",
                    std::string(HIKESHI_TEST_DATA) + "/rpsl/ripe-split.rpsl", "--db", database_},
                   directory_);
    ASSERT_EQ(imported.exit_code, 0) << imported.stdout_text;
    for (int attempt = 0; attempt < 50; ++attempt) {
      if (As("viewer", "GET", "/api/v1/lookup?q=192.0.2.70").status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the server did not load the ownership index";
  }

  // An incident made by hand from one report naming `address`.
  static int64_t IncidentFromReport(const std::string& address) {
    HttpResponse submitted =
        As("responder", "POST", "/api/v1/reports",
           json{{"reporter", "victim@example.org"},
                {"subject", "Phishing site imitating our bank on " + address},
                {"text", "A phishing page is served from " + address + " since this morning."},
                {"consent", false}}
               .dump());
    EXPECT_EQ(submitted.status, 201) << submitted.body;
    HttpResponse triaged =
        As("responder", "POST",
           "/api/v1/reports/" + std::to_string(Json(submitted).value("id", 0)) + "/triage",
           R"({"action":"new-incident"})");
    EXPECT_EQ(triaged.status, 200) << triaged.body;
    return Json(triaged)["incident"].value("id", int64_t{0});
  }
};

TEST_F(NotifyApi, DraftsOneNoticePerOwnerByHandAndNeverTwice) {
  ASSERT_NO_FATAL_FAILURE(ImportOwners());
  int64_t incident = IncidentFromReport("192.0.2.70");
  ASSERT_GT(incident, 0);
  std::string path = IncidentPath(incident) + "/notifications";

  HttpResponse drafted = As("responder", "POST", path, "");
  ASSERT_EQ(drafted.status, 200) << drafted.body;
  json body = Json(drafted);
  ASSERT_EQ(body["items"].size(), 1u) << drafted.body;
  json notice = body["items"][0];
  EXPECT_EQ(notice["recipient"], "abuse@example.net");  // the RPSL abuse-c of 192.0.2.64/26
  EXPECT_EQ(notice["state"], "draft");
  EXPECT_EQ(notice["kind"], "abuse");
  EXPECT_EQ(notice["category"], "phishing");
  EXPECT_EQ(notice["language"], "en");  // country DE
  std::string subject = notice["subject"];
  EXPECT_NE(subject.find("Phishing site"), std::string::npos) << subject;  // its own template
  std::string text = notice["body"];
  EXPECT_NE(text.find("192.0.2.70"), std::string::npos) << text;
  EXPECT_NE(text.find("(withheld)"), std::string::npos) << text;  // no consent
  EXPECT_EQ(text.find("victim@example.org"), std::string::npos) << text;

  // Twice: the same draft, nothing added.
  HttpResponse again = As("admin", "POST", path, "{}");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json(again)["items"][0]["id"], notice["id"]);
  EXPECT_EQ(Json(again)["items"][0]["body"], notice["body"]);
  EXPECT_EQ(Json(As("viewer", "GET", path))["items"].size(), 1u);

  // One recipient chosen by the responder, in Japanese.
  HttpResponse chosen =
      As("responder", "POST", path, R"({"to":"desk@coordination.example","language":"ja"})");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  json to_desk = Json(chosen)["items"][0];
  EXPECT_EQ(to_desk["recipient"], "desk@coordination.example");
  EXPECT_EQ(to_desk["language"], "ja");
  EXPECT_NE(to_desk["subject"].get<std::string>().find("フィッシングサイト"), std::string::npos);
  EXPECT_EQ(Json(As("viewer", "GET", path))["items"].size(), 2u);

  json log = Json(As("viewer", "GET", IncidentPath(incident) + "/worklog"));
  bool asked = false;
  for (const json& entry : log["items"]) {
    asked |= entry["responder"] == "rita" &&
             entry["text"].get<std::string>().find("asked for abuse notices") != std::string::npos;
  }
  EXPECT_TRUE(asked) << log.dump();
}

TEST_F(NotifyApi, RefusesBadRequestsAndReaders) {
  int64_t incident = IncidentFromReport("192.0.2.71");
  ASSERT_GT(incident, 0);
  std::string path = IncidentPath(incident) + "/notifications";
  EXPECT_EQ(As("viewer", "POST", path, "").status, 403);
  EXPECT_EQ(As("anonymous", "POST", path, "").status, 401);
  EXPECT_EQ(ErrorCode(As("responder", "POST", path, R"({"kind":"spam"})")), "invalid");
  EXPECT_EQ(ErrorCode(As("responder", "POST", path, R"({"language":"de"})")), "invalid");
  EXPECT_EQ(ErrorCode(As("responder", "POST", path, R"({"to":"not a mail"})")), "invalid");
  EXPECT_EQ(ErrorCode(As("responder", "POST", path, R"({"bogus":1})")), "invalid");
  EXPECT_EQ(As("responder", "POST", path, R"({"contact_id":999999})").status, 404);
  EXPECT_EQ(As("responder", "POST", "/api/v1/incidents/999999/notifications", "").status, 404);
  // An incident without reports names no address: nothing to draft.
  int64_t empty = NewIncident("notifyprobe without reports", "dos");
  EXPECT_EQ(ErrorCode(As("responder", "POST", IncidentPath(empty) + "/notifications", "")),
            "invalid");
  // A browser session needs the CSRF token like every write.
  auto [cookie, csrf] = Login("rita");
  EXPECT_EQ(Call("POST", path, "", {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(Call("POST", path, R"({"to":"desk@coordination.example"})",
                 {{"Cookie", cookie}, {"X-CSRF-Token", csrf}})
                .status,
            200);
  // TLP:RED never leaves the team.
  int64_t red = IncidentFromReport("192.0.2.72");
  ASSERT_EQ(As("responder", "PATCH", IncidentPath(red), R"({"tlp":"red"})").status, 200);
  EXPECT_EQ(As("responder", "POST", IncidentPath(red) + "/notifications",
               R"({"to":"desk@coordination.example"})")
                .status,
            403);
}

}  // namespace
}  // namespace hikeshi::testing
