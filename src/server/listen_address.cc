#include "server/listen_address.h"

#include <fmt/format.h>

#include <charconv>

namespace hikeshi::server {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto invalid = [&] {
    return Fail(ErrorCode::kInvalid,
                fmt::format("listen address \"{}\" is not host:port (e.g. 127.0.0.1:8080, "
                            "[::1]:8080)",
                            text));
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return invalid();
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.starts_with('[')) {
    if (!host.ends_with(']') || host.size() < 3) return invalid();
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return invalid();  // a bare IPv6 address is ambiguous: brackets are required
  }
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (host.empty() || port_text.empty() || error != std::errc() ||
      end != port_text.data() + port_text.size() || port > 65535) {
    return invalid();
  }
  return ListenAddress{std::string(host), static_cast<uint16_t>(port)};
}

std::string FormatHostPort(std::string_view host, uint16_t port) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

}  // namespace hikeshi::server
