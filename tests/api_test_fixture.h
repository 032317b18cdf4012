// The end-to-end API fixture: a temporary directory, users and tokens made with the real CLI,
// and one `hikeshi serve` on a free loopback port for the whole suite (stopped with SIGTERM),
// on SQLite or, with HIKESHI_API_TEST_BACKEND=postgres, on PostgreSQL.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "child_process.h"
#include "http_client.h"

#ifndef HIKESHI_BINARY
#error "HIKESHI_BINARY must name the hikeshi executable"
#endif

namespace hikeshi::testing {

using json = nlohmann::json;

const std::vector<std::string> kRoles = {"admin", "responder", "viewer", "anonymous"};
// The account of each role; "locked" exists to be rate limited.
const std::map<std::string, std::string> kUserOfRole = {
    {"admin", "ada"}, {"responder", "rita"}, {"viewer", "vera"}};

inline std::string PasswordOf(const std::string& user) { return "e2e password of " + user; }

class ApiEndToEnd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/hikeshi-api-test-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
      setup_error_ = "mkdtemp failed";
      return;
    }
    directory_ = pattern;
    database_ = directory_ + "/hikeshi.db";
    if (auto postgres = PostgresDatabase(); postgres.has_value()) {
      if (postgres->empty()) {
        skip_reason_ = "HIKESHI_TEST_PG_URL is not set";
        return;
      }
      database_ = *postgres;
    }
    for (const auto& [role, user] : kUserOfRole) AddUser(user, role);
    AddUser("locked", "responder");
    for (const auto& [role, user] : kUserOfRole) {
      CommandResult token =
          RunCommand({HIKESHI_BINARY, "token", "create", user, "--db", database_}, directory_);
      std::string text = token.stdout_text;
      while (!text.empty() && text.back() == '\n') text.pop_back();
      tokens_[role] = text.substr(text.rfind('\n') + 1);
      if (token.exit_code != 0 || !tokens_[role].starts_with("hks_")) {
        setup_error_ = "hikeshi token create failed: " + token.stdout_text;
      }
    }
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{HIKESHI_BINARY, "serve", "--db", database_, "--listen",
                                 "127.0.0.1:0"},
        directory_);
    auto line = server_->WaitForLine("listening on http://127.0.0.1:", std::chrono::seconds(30));
    if (!line) {
      setup_error_ = "the server did not report listening; stdout: " + server_->output();
      return;
    }
    size_t start = line->find("127.0.0.1:") + 10;
    port_ = static_cast<uint16_t>(std::stoi(line->substr(start)));
  }

  static void TearDownTestSuite() {
    if (server_) {
      int exit_code = server_->Stop(SIGTERM, std::chrono::seconds(15));
      EXPECT_EQ(exit_code, 0) << "SIGTERM should stop the server cleanly";
      server_.reset();
    }
    std::error_code ignored;
    if (!directory_.empty()) std::filesystem::remove_all(directory_, ignored);
  }

  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    if (!setup_error_.empty()) GTEST_FAIL() << setup_error_;
  }

  // The suite runs once per backend (tests/CMakeLists.txt): on PostgreSQL when
  // HIKESHI_API_TEST_BACKEND=postgres, in a fresh schema of $HIKESHI_TEST_PG_URL (URL returned;
  // "" when that variable is unset). std::nullopt: SQLite.
  static std::optional<std::string> PostgresDatabase() {
    const char* backend = std::getenv("HIKESHI_API_TEST_BACKEND");
    if (backend == nullptr || std::string(backend) != "postgres") return std::nullopt;
    const char* base = std::getenv("HIKESHI_TEST_PG_URL");
    if (base == nullptr || *base == '\0') return std::string();
    std::string schema = "api_" + std::to_string(::getpid());
    CommandResult created =
        RunCommand({"/usr/bin/psql", "-q", base, "-c",
                    "SET client_min_messages = warning; DROP SCHEMA IF EXISTS " + schema +
                        " CASCADE; CREATE SCHEMA " + schema},
                   directory_);
    if (created.exit_code != 0) setup_error_ = "psql could not create schema " + schema;
    std::string url = base;
    url += url.find('?') == std::string::npos ? "?" : "&";
    return url + "options=-c%20search_path%3D" + schema + "%2Cpublic";
  }

  static void AddUser(const std::string& name, const std::string& role) {
    CommandResult added =
        RunCommand({HIKESHI_BINARY, "user", "add", name, "--role", role, "--db", database_},
                   directory_, PasswordOf(name) + "\n");
    if (added.exit_code != 0) setup_error_ = "hikeshi user add " + name + " failed";
  }

  static HttpResponse Call(const std::string& method, const std::string& target,
                           const std::string& body = "", const HttpHeaders& headers = {}) {
    HttpConnection connection("127.0.0.1", port_);
    return connection.Send(method, target, body, headers);
  }

  // A request as `role` with its bearer token ("anonymous": no credentials).
  static HttpResponse As(const std::string& role, const std::string& method,
                         const std::string& target, const std::string& body = "") {
    HttpHeaders headers;
    if (role != "anonymous") headers.emplace_back("Authorization", "Bearer " + tokens_.at(role));
    return Call(method, target, body, headers);
  }

  static json Json(const HttpResponse& response) {
    return json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  }
  static std::string ErrorCode(const HttpResponse& response) {
    json body = Json(response);
    if (!body.is_object() || !body.contains("error"))
      return "(no error body: " + response.body + ")";
    return body["error"]["code"].get<std::string>();
  }

  static int64_t NewIncident(const std::string& title, const std::string& category = "scan",
                             const std::string& extra = "") {
    json body = {{"title", title}, {"category", category}};
    if (!extra.empty()) body.update(json::parse(extra));
    HttpResponse response = As("responder", "POST", "/api/v1/incidents", body.dump());
    EXPECT_EQ(response.status, 201) << response.body;
    return Json(response).value("id", int64_t{0});
  }

  static std::string IncidentPath(int64_t id) { return "/api/v1/incidents/" + std::to_string(id); }

  // Items matching a search, to count what a test created in the shared database.
  static size_t CountMatching(const std::string& word) {
    return Json(As("viewer", "GET", "/api/v1/incidents?limit=500&q=" + word))["items"].size();
  }

  // Logs in with the password; returns {cookie "hikeshi_session=…", csrf token}.
  static std::pair<std::string, std::string> Login(const std::string& user) {
    HttpResponse login = Call("POST", "/api/v1/auth/login",
                              json{{"username", user}, {"password", PasswordOf(user)}}.dump());
    EXPECT_EQ(login.status, 200) << login.body;
    std::string set_cookie = login.Header("set-cookie");
    return {set_cookie.substr(0, set_cookie.find(';')), Json(login).value("csrf_token", "")};
  }

  static inline std::string setup_error_;
  static inline std::string skip_reason_;
  static inline std::string directory_;
  static inline std::string database_;
  static inline uint16_t port_ = 0;
  static inline std::map<std::string, std::string> tokens_;
  static inline std::unique_ptr<ChildProcess> server_;
};

}  // namespace hikeshi::testing
