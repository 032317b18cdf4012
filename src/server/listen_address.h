// The server's "host:port" option: parsing it and printing the address actually bound.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace hikeshi::server {

struct ListenAddress {
  std::string host;   // "127.0.0.1", "::1", "localhost"; brackets removed
  uint16_t port = 0;  // 0 = the system picks a free port
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0". The host is required: the server listens only
// where it is told (kInvalid otherwise).
Result<ListenAddress> ParseListenAddress(std::string_view text);

// "127.0.0.1:8080", or "[::1]:8080" for IPv6.
std::string FormatHostPort(std::string_view host, uint16_t port);

}  // namespace hikeshi::server
