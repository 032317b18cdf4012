#include "server/incident_json.h"

#include <gtest/gtest.h>

namespace hikeshi::server {
namespace {

using nlohmann::json;

TEST(ParseNewIncident, ReadsAllFieldsAndDefaults) {
  auto input =
      ParseNewIncident(R"({"title":"Phishing site imitating our bank","description":"see report",)"
                       R"("category":"phishing","severity":"high","tlp":"amber+strict",)"
                       R"("reported_at":"2026-11-20T09:00:00+09:00"})");
  ASSERT_TRUE(input) << input.error().message;
  EXPECT_EQ(input->title, "Phishing site imitating our bank");
  EXPECT_EQ(input->description, "see report");
  EXPECT_EQ(input->category, Category::kPhishing);
  EXPECT_EQ(input->severity, Severity::kHigh);
  EXPECT_EQ(input->tlp, Tlp::kAmberStrict);
  EXPECT_EQ(FormatRfc3339(*input->reported_at), "2026-11-20T00:00:00.000000Z");

  auto minimal = ParseNewIncident(R"({"title":"x","category":"scan"})");
  ASSERT_TRUE(minimal);
  EXPECT_EQ(minimal->severity, Severity::kMedium);
  EXPECT_EQ(minimal->tlp, Tlp::kAmber);
  EXPECT_FALSE(minimal->reported_at);
}

TEST(ParseNewIncident, RejectsWithTheFieldNamed) {
  struct Case {
    std::string_view body;
    std::string_view mentions;
  };
  for (const Case& c : {
           Case{R"({"category":"scan"})", "title"},
           Case{R"({"title":"x"})", "category"},
           Case{R"({"title":"x","category":"spam"})", "category"},
           Case{R"({"title":"x","category":"scan","severity":"urgent"})", "severity"},
           Case{R"({"title":"x","category":"scan","tlp":"purple"})", "tlp"},
           Case{R"({"title":"x","category":"scan","reported_at":"yesterday"})", "reported_at"},
           Case{R"({"title":["x"],"category":"scan"})", "title"},
           Case{R"({"title":"x","category":"scan","state":"open"})", "state"},
       }) {
    auto input = ParseNewIncident(c.body);
    ASSERT_FALSE(input) << c.body;
    EXPECT_EQ(input.error().code, ErrorCode::kInvalid);
    EXPECT_NE(input.error().message.find(c.mentions), std::string::npos)
        << c.body << " → " << input.error().message;
  }
}

TEST(ParseIncidentPatch, AbsentFieldsStayAbsentAndNullLeadUnassigns) {
  auto request = ParseIncidentPatch(R"({"severity":"critical","version":3})");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->patch.severity, Severity::kCritical);
  EXPECT_FALSE(request->patch.title);
  EXPECT_FALSE(request->patch.lead);
  EXPECT_EQ(request->version, 3);
  auto unassign = ParseIncidentPatch(R"({"lead":null})");
  ASSERT_TRUE(unassign);
  EXPECT_EQ(unassign->patch.lead, "");
  EXPECT_FALSE(ParseIncidentPatch(R"({"version":"3"})"));
  EXPECT_FALSE(ParseIncidentPatch(R"({"id":3})"));
}

TEST(ParseTransition, NeedsAKnownTargetState) {
  auto request = ParseTransition(R"({"to":"not-an-incident","reason":"spam","note":"n"})");
  ASSERT_TRUE(request);
  EXPECT_EQ(request->to, State::kNotAnIncident);
  EXPECT_EQ(request->reason, NotIncidentReason::kSpam);
  EXPECT_EQ(request->note, "n");
  EXPECT_FALSE(ParseTransition(R"({})"));
  EXPECT_FALSE(ParseTransition(R"({"to":"done"})"));
  EXPECT_FALSE(ParseTransition(R"({"to":"open","reason":"boredom"})"));
}

TEST(ParseNote, NeedsText) {
  EXPECT_EQ(*ParseNote(R"({"text":"called the ISP"})"), "called the ISP");
  EXPECT_FALSE(ParseNote(R"({})"));
  EXPECT_FALSE(ParseNote(R"({"text":1})"));
}

TEST(IncidentToJson, HasEveryDocumentedField) {
  Incident incident;
  incident.id = 7;
  incident.title = "ランサムウェア感染";
  incident.category = Category::kIntrusion;
  incident.state = State::kContained;
  incident.reported_at = FromMicros(1'000'000'000'000'000);
  incident.created_at = incident.reported_at;
  incident.updated_at = incident.reported_at;
  incident.acknowledged_at = incident.reported_at + std::chrono::seconds(90);
  incident.contained_at = incident.reported_at + std::chrono::seconds(3600);
  incident.version = 4;
  json value = IncidentToJson(incident);
  EXPECT_EQ(value["id"], 7);
  EXPECT_EQ(value["title"], "ランサムウェア感染");
  EXPECT_EQ(value["category"], "intrusion");
  EXPECT_EQ(value["rsit"], "intrusions:system-compromise");
  EXPECT_EQ(value["state"], "contained");
  EXPECT_EQ(value["phase"]["nist"], "containment-eradication-recovery");
  EXPECT_EQ(value["phase"]["jpcert"], "連絡・広報");
  EXPECT_EQ(value["next_states"], json::array({"recovered"}));
  EXPECT_TRUE(value["lead"].is_null());
  EXPECT_TRUE(value["not_incident_reason"].is_null());
  EXPECT_TRUE(value["recovered_at"].is_null());
  EXPECT_TRUE(value["closed_at"].is_null());
  EXPECT_EQ(value["metrics"]["time_to_acknowledge_seconds"], 90);
  EXPECT_EQ(value["metrics"]["time_to_contain_seconds"], 3600);
  EXPECT_TRUE(value["metrics"]["time_to_recover_seconds"].is_null());
  EXPECT_EQ(value["tlp"], "TLP:AMBER");
  EXPECT_EQ(value["version"], 4);
  for (const char* field : {"description", "severity", "reported_at", "created_at", "updated_at",
                            "acknowledged_at", "contained_at"}) {
    EXPECT_TRUE(value.contains(field)) << field;
  }
}

}  // namespace
}  // namespace hikeshi::server
