// Test support: a small synchronous HTTP/1.1 client (Boost.Beast) for the loopback server.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hikeshi::testing {

struct HttpResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lowercased
  std::string body;

  std::string Header(const std::string& lowercase_name) const;  // first value or ""
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One connection to host:port; requests are sent one after another with keep-alive. Throws
// std::runtime_error on network errors (the test fails with the message).
class HttpConnection {
 public:
  HttpConnection(const std::string& host, uint16_t port);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& body = "", const HttpHeaders& headers = {});
  // Writes raw bytes and reads one response (for malformed or oversized requests).
  HttpResponse SendRaw(const std::string& bytes);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hikeshi::testing
