// GET /health and GET /meta: what the server is and the vocabularies the UI builds from.
#include <nlohmann/json.hpp>

#include "core/category.h"
#include "core/lifecycle.h"
#include "core/severity.h"
#include "core/tlp.h"
#include "server/handlers.h"
#include "server/json_body.h"

#ifndef HIKESHI_VERSION
#define HIKESHI_VERSION "unknown"
#endif

namespace hikeshi::server {
namespace {

using json = ResponseJson;

std::string BuildMeta() {
  json categories = json::array();
  for (const CategoryInfo& info : Categories()) {
    categories.push_back({{"name", info.name},
                          {"label_en", info.label_en},
                          {"label_ja", info.label_ja},
                          {"rsit", info.rsit}});
  }
  json states = json::array();
  for (const StateInfo& info : States()) {
    json next = json::array();
    for (State state : NextStates(info.state)) next.push_back(ToString(state));
    states.push_back({{"name", info.name},
                      {"nist", ToString(info.nist)},
                      {"jpcert", ToString(info.jpcert)},
                      {"jpcert_step", static_cast<int>(info.jpcert)},
                      {"next", std::move(next)}});
  }
  json severities = json::array();
  for (Severity severity :
       {Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    severities.push_back(ToString(severity));
  }
  json tlp = json::array();
  for (Tlp label : {Tlp::kClear, Tlp::kGreen, Tlp::kAmber, Tlp::kAmberStrict, Tlp::kRed}) {
    tlp.push_back(ToString(label));
  }
  json reasons = json::array();
  for (NotIncidentReason reason : {NotIncidentReason::kSpam, NotIncidentReason::kOneClickFraud,
                                   NotIncidentReason::kLegitimateAccess,
                                   NotIncidentReason::kDuplicate, NotIncidentReason::kOther}) {
    reasons.push_back(ToString(reason));
  }
  return DumpJson({{"categories", std::move(categories)},
                   {"states", std::move(states)},
                   {"severities", std::move(severities)},
                   {"tlp", std::move(tlp)},
                   {"not_incident_reasons", std::move(reasons)}});
}

}  // namespace

Result<ApiResponse> GetHealth(HandlerContext&) {
  static const std::string body = DumpJson({{"status", "ok"}, {"version", HIKESHI_VERSION}});
  return JsonResponse(200, body);
}

Result<ApiResponse> GetMeta(HandlerContext&) {
  static const std::string body = BuildMeta();  // the vocabularies are compiled in
  return JsonResponse(200, body);
}

}  // namespace hikeshi::server
