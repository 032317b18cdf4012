#include "http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <stdexcept>

namespace hikeshi::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct HttpConnection::State {
  net::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

std::string HttpResponse::Header(const std::string& lowercase_name) const {
  auto found = headers.find(lowercase_name);
  return found == headers.end() ? std::string() : found->second;
}

HttpConnection::HttpConnection(const std::string& host, uint16_t port)
    : state_(std::make_unique<State>()) {
  state_->stream.expires_after(std::chrono::seconds(30));
  state_->stream.connect(tcp::endpoint(net::ip::make_address(host), port));
}

HttpConnection::~HttpConnection() {
  beast::error_code ignored;
  state_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

namespace {

HttpResponse Read(beast::tcp_stream& stream, beast::flat_buffer& buffer) {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  stream.expires_after(std::chrono::seconds(30));
  beast::error_code error;
  http::read(stream, buffer, parser, error);
  if (error) throw std::runtime_error("HTTP read failed: " + error.message());
  const auto& message = parser.get();
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    response.headers.emplace(name, std::string(field.value()));
  }
  response.body = message.body();
  return response;
}

}  // namespace

HttpResponse HttpConnection::Send(const std::string& method, const std::string& target,
                                  const std::string& body, const HttpHeaders& headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(true);
  if (!body.empty()) request.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  state_->stream.expires_after(std::chrono::seconds(30));
  beast::error_code error;
  http::write(state_->stream, request, error);
  if (error) throw std::runtime_error("HTTP write failed: " + error.message());
  return Read(state_->stream, state_->buffer);
}

HttpResponse HttpConnection::SendRaw(const std::string& bytes) {
  state_->stream.expires_after(std::chrono::seconds(30));
  beast::error_code error;
  net::write(state_->stream, net::buffer(bytes), error);
  if (error) throw std::runtime_error("raw write failed: " + error.message());
  return Read(state_->stream, state_->buffer);
}

}  // namespace hikeshi::testing
