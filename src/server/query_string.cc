#include "server/query_string.h"

#include <fmt/format.h>

#include <charconv>

#include "core/utf8.h"

namespace hikeshi::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Target SplitTarget(std::string_view target) {
  size_t fragment = target.find('#');
  if (fragment != std::string_view::npos) target = target.substr(0, fragment);
  size_t question = target.find('?');
  if (question == std::string_view::npos) return Target{target, {}};
  return Target{target.substr(0, question), target.substr(question + 1)};
}

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      decoded += ' ';
    } else if (c == '%') {
      bool complete = i + 2 < text.size();
      int high = complete ? HexValue(text[i + 1]) : -1;
      int low = complete ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) return Fail(ErrorCode::kInvalid, "broken %-escape in the URL");
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      decoded += c;
    }
  }
  if (decoded.find('\0') != std::string::npos) {
    return Fail(ErrorCode::kInvalid, "the URL contains a NUL byte");
  }
  if (!IsValidUtf8(decoded)) return Fail(ErrorCode::kInvalid, "the URL is not valid UTF-8");
  return decoded;
}

Result<QueryParameters> ParseQuery(std::string_view query) {
  QueryParameters parameters;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    size_t equals = piece.find('=');
    auto name = PercentDecode(piece.substr(0, equals), true);
    if (!name) return std::unexpected(name.error());
    std::string_view raw_value =
        equals == std::string_view::npos ? std::string_view{} : piece.substr(equals + 1);
    auto value = PercentDecode(raw_value, true);
    if (!value) return std::unexpected(value.error());
    parameters.emplace_back(std::move(*name), std::move(*value));
  }
  return parameters;
}

Result<int64_t> ParsePositiveParameter(std::string_view name, std::string_view text, int64_t max) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > max) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("query parameter \"{}\" must be an integer from 1 to {}", name, max));
  }
  return value;
}

}  // namespace hikeshi::server
