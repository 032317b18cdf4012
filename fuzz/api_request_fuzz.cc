// libFuzzer target: arbitrary bytes as an HTTP request through Api::Handle (routing, auth, CSRF,
// query strings, JSON bodies, handlers, the store, static files, statistics), and the same body
// through every JSON request parser (public form with attachments included) and the period parser.
// Input layout:
//   byte 0        bits 0-2 method (GET POST PATCH PUT DELETE HEAD OPTIONS GET),
//                 bits 3-4 credentials (responder token, none, garbage cookie, viewer token),
//                 bit 5    Content-Type application/json (else text/plain)
//   then          target up to the first '\n' ("/api/v1/" is prepended unless it starts with '/')
//   then          the body
// Invariants checked: status is one the API documents; API responses other than 204 are JSON
// objects, with an "error" object exactly when the status is 4xx/5xx.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/time.h"
#include "server/api.h"
#include "server/api_token.h"
#include "server/incident_json.h"
#include "server/json_body.h"
#include "server/query_string.h"
#include "server/report_json.h"
#include "server/stats.h"
#include "store/store.h"

namespace {

using hikeshi::FakeClock;
using hikeshi::FromMicros;
using hikeshi::Role;
using hikeshi::Store;
using hikeshi::User;
namespace server = hikeshi::server;

// Fresh every kRunsPerStore inputs so the in-memory database stays small.
constexpr int kRunsPerStore = 5000;

struct Fixture {
  Fixture() : clock(FromMicros(1'800'000'000'000'000)) {
    web_root =
        std::filesystem::temp_directory_path() / ("hikeshi-fuzz-web-" + std::to_string(::getpid()));
    std::filesystem::create_directories(web_root / "assets");
    std::ofstream(web_root / "index.html") << "<!doctype html><title>ui</title>";
    std::ofstream(web_root / "assets" / "app.js") << "1";
    Reset();
  }
  ~Fixture() {
    std::error_code ignored;
    std::filesystem::remove_all(web_root, ignored);
  }

  void Reset() {
    api.reset();
    store = std::move(*hikeshi::OpenStore(":memory:"));
    // Password hashes are left empty: logins then fail at once against the dummy hash path
    // without the fuzzer being able to create argon2id work through POST /users (admin only).
    User responder{.name = "fuzzer", .role = Role::kResponder, .created_at = clock.Now()};
    User viewer{.name = "watcher", .role = Role::kViewer, .created_at = clock.Now()};
    responder_token =
        *server::IssueApiToken(*store, *store->CreateUser(responder), "", clock.Now());
    viewer_token = *server::IssueApiToken(*store, *store->CreateUser(viewer), "", clock.Now());
    api = std::make_unique<server::Api>(
        *store, clock,
        server::ApiOptions{.max_body_bytes = 64 * 1024, .web_root = web_root.string()});
    runs = 0;
  }

  FakeClock clock;
  std::filesystem::path web_root;
  std::unique_ptr<Store> store;
  std::unique_ptr<server::Api> api;
  std::string responder_token;
  std::string viewer_token;
  int runs = 0;
};

bool DocumentedStatus(int status) {
  switch (status) {
    case 200:
    case 201:
    case 204:
    case 400:
    case 401:
    case 403:
    case 404:
    case 405:
    case 409:
    case 413:
    case 429:
    case 500:
    case 503:
      return true;
    default:
      return false;
  }
}

void CheckInvariants(const server::ApiRequest& request, const server::ApiResponse& response) {
  if (!DocumentedStatus(response.status)) __builtin_trap();
  if (response.status == 500) __builtin_trap();  // a bug by definition
  bool api = request.target.starts_with("/api/") || request.target == "/api" ||
             request.target.starts_with("/api?") || request.target.starts_with("/api#");
  if (!api || response.status == 204) return;
  // GET /stats?format=csv is the one API success that is not JSON.
  if (response.status == 200 && response.content_type.starts_with("text/csv")) return;
  auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) __builtin_trap();
  if ((response.status >= 400) != body.contains("error")) __builtin_trap();
}

void FuzzCodec(std::string_view body) {
  (void)server::ParseJsonObject(body);
  (void)server::ParseNewIncident(body);
  (void)server::ParseIncidentPatch(body);
  (void)server::ParseTransition(body);
  (void)server::ParseNote(body);
  (void)server::ParseQuery(body);
  (void)server::ParsePublicReport(body);  // attachments included (server/public_attachments.h)
  (void)server::ParseStatsPeriod(body, server::StatsGranularity::kQuarter);
  (void)server::ParseStatsPeriod(body, server::StatsGranularity::kMonth);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  if (size == 0) return 0;
  if (++fixture.runs > kRunsPerStore) fixture.Reset();
  fixture.clock.Advance(std::chrono::seconds(1));  // lets login windows expire now and then

  std::string_view input(reinterpret_cast<const char*>(data), size);
  uint8_t control = data[0];
  input.remove_prefix(1);
  size_t newline = input.find('\n');
  std::string_view target = input.substr(0, newline);
  std::string_view body =
      newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);

  FuzzCodec(body);

  static constexpr const char* kMethods[] = {"GET",    "POST", "PATCH",   "PUT",
                                             "DELETE", "HEAD", "OPTIONS", "GET"};
  server::ApiRequest request;
  request.method = kMethods[control & 7];
  request.target = target.starts_with('/') ? std::string(target) : "/api/v1/" + std::string(target);
  switch ((control >> 3) & 3) {
    case 0:
      request.authorization = "Bearer " + fixture.responder_token;
      break;
    case 1:
      break;
    case 2:
      request.cookie = "hikeshi_session=" + std::string(target.substr(0, 64));
      break;
    case 3:
      request.authorization = "Bearer " + fixture.viewer_token;
      break;
  }
  request.content_type = (control & 0x20) ? "application/json" : "text/plain";
  request.body = std::string(body);
  request.remote_address = "192.0.2.1";
  server::ApiResponse response = fixture.api->Handle(request);
  CheckInvariants(request, response);
  return 0;
}
