// The Boost.Beast adapter: accepts connections, reads HTTP/1.1 requests with limits and
// timeouts, hands them to Api::Handle as plain values and writes the answers. Every Boost
// exception stops here; the rest of the server never sees Beast.
#include "server/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "server/api.h"
#include "server/listen_address.h"

namespace hikeshi::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using beast::error_code;

constexpr size_t kHeaderLimitBytes = 16 * 1024;
// A client must send a whole request (or start the next one on a kept-alive connection) within
// this time, so slow or idle clients cannot pin connections.
constexpr auto kReadTimeout = std::chrono::seconds(30);
constexpr auto kWriteTimeout = std::chrono::seconds(30);
// After an early error response (413, 431) the rest of the request is read and dropped for a
// while, so the client sees the response instead of a connection reset.
constexpr auto kDrainTimeout = std::chrono::seconds(5);
constexpr auto kShutdownGrace = std::chrono::seconds(10);

// What all sessions share. Outlives the io_context.
struct ServerState {
  Api& api;
  size_t max_body_bytes;
  size_t max_report_bytes;  // POST /api/v1/reports (raw mail with attachments)
  std::atomic<bool> stopping{false};
  std::atomic<int> requests_in_flight{0};
};

std::string ErrorJson(std::string_view code, std::string_view message) {
  return fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})", code, message);
}

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, ServerState& state)
      : stream_(std::move(socket)), state_(state) {
    error_code ignored;
    auto endpoint = stream_.socket().remote_endpoint(ignored);
    if (!ignored) remote_address_ = endpoint.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::ReadHeader, shared_from_this()));
  }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimitBytes);
    body_limit_ = state_.max_body_bytes;
    parser_->body_limit(body_limit_);
    stream_.expires_after(kReadTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::OnHeader, shared_from_this()));
  }

  void OnHeader(error_code error, size_t) {
    if (error) return OnReadError(error);
    const auto& header = parser_->get();
    // Reports are bigger than any JSON request; only their endpoint reads that much.
    if (header.target().starts_with("/api/v1/reports")) {
      body_limit_ = state_.max_report_bytes;
      parser_->body_limit(body_limit_);
    }
    if (beast::iequals(header[http::field::expect], "100-continue") && !parser_->is_done()) {
      interim_.emplace(http::status::continue_, header.version());
      http::async_write(stream_, *interim_,
                        [self = shared_from_this()](error_code write_error, size_t) {
                          if (write_error) return self->Close();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::OnRequest, shared_from_this()));
  }

  void OnReadError(error_code error) {
    if (error == http::error::body_limit) {
      return WriteEarlyError(
          http::status::payload_too_large,
          ErrorJson("too_large",
                    fmt::format("request bodies are limited to {} bytes", body_limit_)));
    }
    if (error == http::error::header_limit) {
      return WriteEarlyError(http::status::request_header_fields_too_large,
                             ErrorJson("too_large", "request headers are limited to 16 KiB"));
    }
    if (&error.category() == &http::make_error_code(http::error::bad_method).category() &&
        error != http::error::end_of_stream && error != http::error::partial_message) {
      return WriteEarlyError(http::status::bad_request,
                             ErrorJson("invalid", "malformed HTTP request"));
    }
    Close();  // end of stream, timeout, reset: nothing to answer
  }

  void OnRequest(error_code error, size_t) {
    if (error) return OnReadError(error);
    ++state_.requests_in_flight;
    http::request<http::string_body> request = parser_->release();
    ApiRequest api_request;
    api_request.method = std::string(request.method_string());
    api_request.target = std::string(request.target());
    api_request.cookie = std::string(request[http::field::cookie]);
    api_request.authorization = std::string(request[http::field::authorization]);
    api_request.csrf_token = std::string(request["X-CSRF-Token"]);
    api_request.content_type = std::string(request[http::field::content_type]);
    api_request.body = std::move(request.body());
    api_request.remote_address = remote_address_;
    ApiResponse api_response = state_.api.Handle(api_request);

    response_.emplace(static_cast<http::status>(api_response.status), request.version());
    response_->set(http::field::server, "hikeshi");
    if (!api_response.content_type.empty()) {
      response_->set(http::field::content_type, api_response.content_type);
    }
    for (auto& [name, value] : api_response.headers) response_->insert(name, value);
    response_->body() = std::move(api_response.body);
    response_->keep_alive(request.keep_alive() && !state_.stopping);
    response_->prepare_payload();
    stream_.expires_after(kWriteTimeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this()));
  }

  void OnWrite(error_code error, size_t) {
    --state_.requests_in_flight;
    bool keep_alive = response_->keep_alive();
    response_.reset();
    if (error) return Close();
    if (!keep_alive || state_.stopping) return Shutdown();
    ReadHeader();
  }

  // Answers a request that cannot be read to its end, then drains and closes the connection.
  void WriteEarlyError(http::status status, std::string body) {
    response_.emplace(status, 11);
    response_->set(http::field::server, "hikeshi");
    response_->set(http::field::content_type, "application/json");
    response_->set(http::field::cache_control, "no-store");
    for (const auto& [name, value] : kSecurityHeaders) {
      response_->set(beast::string_view(name.data(), name.size()),
                     beast::string_view(value.data(), value.size()));
    }
    response_->keep_alive(false);
    response_->body() = std::move(body);
    response_->prepare_payload();
    stream_.expires_after(kWriteTimeout);
    http::async_write(stream_, *response_, [self = shared_from_this()](error_code error, size_t) {
      self->response_.reset();
      if (error) return self->Close();
      error_code ignored;
      self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->stream_.expires_after(kDrainTimeout);
      self->Drain();
    });
  }

  void Drain() {
    drain_buffer_.resize(16 * 1024);
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](error_code error, size_t bytes) {
                              self->drained_bytes_ += bytes;
                              if (error || self->drained_bytes_ > kMaxDrainBytes) {
                                return self->Close();
                              }
                              self->Drain();
                            });
  }

  void Shutdown() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void Close() {
    error_code ignored;
    stream_.socket().close(ignored);
  }

  static constexpr size_t kMaxDrainBytes = 64 << 20;

  beast::tcp_stream stream_;
  ServerState& state_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  size_t body_limit_ = 0;  // of the request being read
  std::optional<http::response<http::empty_body>> interim_;
  std::optional<http::response<http::string_body>> response_;
  std::vector<char> drain_buffer_;
  size_t drained_bytes_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& io, tcp::acceptor acceptor, ServerState& state)
      : io_(io), acceptor_(std::move(acceptor)), retry_timer_(io), state_(state) {}

  void Accept() {
    acceptor_.async_accept(net::make_strand(io_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void Stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->acceptor_.close(ignored);
      self->retry_timer_.cancel();
    });
  }

 private:
  void OnAccept(error_code error, tcp::socket socket) {
    if (!acceptor_.is_open() || state_.stopping) return;
    if (error) {
      // Usually out of file descriptors: back off instead of spinning on the error.
      fmt::print(stderr, "hikeshi: accept failed: {}\n", error.message());
      retry_timer_.expires_after(std::chrono::milliseconds(100));
      retry_timer_.async_wait([self = shared_from_this()](error_code wait_error) {
        if (!wait_error) self->Accept();
      });
      return;
    }
    std::make_shared<HttpSession>(std::move(socket), state_)->Start();
    Accept();
  }

  net::io_context& io_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_timer_;
  ServerState& state_;
};

// Stops the io_context once no request is being handled, or after the grace period.
void StopWhenDrained(net::io_context& io, ServerState& state,
                     std::shared_ptr<net::steady_timer> timer,
                     std::chrono::steady_clock::time_point deadline) {
  if (state.requests_in_flight == 0 || std::chrono::steady_clock::now() >= deadline) {
    io.stop();
    return;
  }
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait(
      [&io, &state, timer, deadline](error_code) { StopWhenDrained(io, state, timer, deadline); });
}

void RunLoop(net::io_context& io) {
  while (true) {
    try {
      io.run();
      return;
    } catch (const std::exception& exception) {
      fmt::print(stderr, "hikeshi: I/O thread caught: {}\n", exception.what());
    }
  }
}

// Resolves the host (a literal address or a name such as "localhost") and listens on the first
// endpoint that accepts a bind.
Result<tcp::acceptor> OpenAcceptor(net::io_context& io, const ListenAddress& address,
                                   std::string_view text) {
  error_code error;
  std::vector<tcp::endpoint> endpoints;
  auto literal = net::ip::make_address(address.host, error);
  if (!error) {
    endpoints.emplace_back(literal, address.port);
  } else {
    tcp::resolver resolver(io);
    auto results =
        resolver.resolve(address.host, std::to_string(address.port), tcp::resolver::passive, error);
    if (error) {
      return Fail(ErrorCode::kUnavailable,
                  fmt::format("cannot resolve {}: {}", address.host, error.message()));
    }
    for (const auto& result : results) endpoints.push_back(result.endpoint());
  }
  std::string failure = fmt::format("cannot listen on {}: no address", text);
  for (const tcp::endpoint& endpoint : endpoints) {
    tcp::acceptor acceptor(io);
    error_code attempt;
    acceptor.open(endpoint.protocol(), attempt);
    if (!attempt) acceptor.set_option(net::socket_base::reuse_address(true), attempt);
    if (!attempt) acceptor.bind(endpoint, attempt);
    if (!attempt) acceptor.listen(net::socket_base::max_listen_connections, attempt);
    if (!attempt) return acceptor;
    failure = fmt::format("cannot listen on {}: {}", text, attempt.message());
  }
  return Fail(ErrorCode::kUnavailable, failure);
}

}  // namespace

Status Serve(Store& store, const Clock& clock, const ServerOptions& options) {
  auto address = ParseListenAddress(options.listen);
  if (!address) return std::unexpected(address.error());
  // Handlers block on the store's writer, so one thread per core leaves a core idle while its
  // thread waits; two per core (at least 4) measured best (doc/performance.md).
  int threads = options.threads > 0
                    ? options.threads
                    : std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
  ApiOptions api_options;
  api_options.max_body_bytes = options.max_body_bytes;
  api_options.max_report_bytes = options.max_report_bytes;
  api_options.triage = options.triage;
  api_options.coordination = options.coordination;
  api_options.web_root = options.web_root;
  Api api(store, clock, std::move(api_options));
  ServerState state{api, options.max_body_bytes, options.max_report_bytes};

  try {
    // Declared after api and state: handlers still queued in the io_context reference them.
    net::io_context io(threads);
    auto acceptor = OpenAcceptor(io, *address, options.listen);
    if (!acceptor) return std::unexpected(acceptor.error());
    tcp::endpoint bound = acceptor->local_endpoint();
    auto listener = std::make_shared<Listener>(io, std::move(*acceptor), state);
    listener->Accept();

    net::signal_set signals(io, SIGINT, SIGTERM);
    auto drain_timer = std::make_shared<net::steady_timer>(io);
    signals.async_wait([&](error_code error, int) {
      if (error) return;
      state.stopping = true;
      listener->Stop();
      StopWhenDrained(io, state, drain_timer, std::chrono::steady_clock::now() + kShutdownGrace);
    });

    if (options.on_listening) {
      options.on_listening(FormatHostPort(bound.address().to_string(), bound.port()));
    }
    std::vector<std::thread> workers;
    workers.reserve(static_cast<size_t>(threads - 1));
    for (int i = 1; i < threads; ++i) workers.emplace_back([&io] { RunLoop(io); });
    RunLoop(io);
    for (std::thread& worker : workers) worker.join();
    return {};
  } catch (const std::exception& exception) {
    return Fail(ErrorCode::kUnavailable, fmt::format("server failed: {}", exception.what()));
  }
}

}  // namespace hikeshi::server
