#include "server/incident_cursor.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace hikeshi::server {
namespace {

bool IsDefaultOrder(const IncidentQuery& query) {
  return query.sort == IncidentSort::kId && !query.ascending;
}

std::string_view OrderName(bool ascending) { return ascending ? "asc" : "desc"; }

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> DecodeHex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int high = nibble(hex[i]);
    int low = nibble(hex[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes += static_cast<char>(high * 16 + low);
  }
  return bytes;
}

// Splits on '.' into exactly four fields.
std::optional<std::vector<std::string_view>> SplitFields(std::string_view cursor) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (fields.size() < 3) {
    size_t dot = cursor.find('.', start);
    if (dot == std::string_view::npos) return std::nullopt;
    fields.push_back(cursor.substr(start, dot - start));
    start = dot + 1;
  }
  fields.push_back(cursor.substr(start));
  if (fields[3].find('.') != std::string_view::npos) return std::nullopt;
  return fields;
}

Status Malformed() { return Fail(ErrorCode::kInvalid, "query parameter \"cursor\" is malformed"); }

}  // namespace

std::string EncodeIncidentCursor(const IncidentQuery& query, const IncidentSortPosition& position) {
  if (IsDefaultOrder(query)) return std::to_string(position.id);
  std::string value;
  if (const auto* text = std::get_if<std::string>(&position.value)) {
    value = *text;
  } else {
    value = std::to_string(std::get<int64_t>(position.value));
  }
  std::string hex;
  hex.reserve(value.size() * 2);
  for (unsigned char c : value) hex += fmt::format("{:02x}", c);
  return fmt::format("{}.{}.{}.{}", ToString(query.sort), OrderName(query.ascending), position.id,
                     hex);
}

Status ApplyIncidentCursor(IncidentQuery& query, std::string_view cursor) {
  if (cursor.size() > kMaxIncidentCursorBytes) return Malformed();
  std::string wanted =
      fmt::format("sort={}&order={}", ToString(query.sort), OrderName(query.ascending));
  if (cursor.find('.') == std::string_view::npos) {
    std::optional<int64_t> id = ParseInteger(cursor);
    if (!id || *id <= 0) return Malformed();
    if (!IsDefaultOrder(query)) {
      return Fail(ErrorCode::kInvalid,
                  fmt::format("query parameter \"cursor\" was made for the default order "
                              "(sort=id&order=desc), not for {}; start again without a cursor",
                              wanted));
    }
    query.before_id = *id;
    return {};
  }
  auto fields = SplitFields(cursor);
  if (!fields) return Malformed();
  std::optional<IncidentSort> sort = ParseIncidentSort((*fields)[0]);
  std::string_view order = (*fields)[1];
  std::optional<int64_t> id = ParseInteger((*fields)[2]);
  std::optional<std::string> value = DecodeHex((*fields)[3]);
  if (!sort || (order != "asc" && order != "desc") || !id || *id <= 0 || !value) {
    return Malformed();
  }
  if (*sort != query.sort || (order == "asc") != query.ascending) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("query parameter \"cursor\" was made for sort={}&order={}, not for "
                            "{}; start again without a cursor",
                            (*fields)[0], order, wanted));
  }
  IncidentSortPosition position{.value = int64_t{0}, .id = *id};
  if (IsTextSort(query.sort)) {
    position.value = std::move(*value);
  } else {
    std::optional<int64_t> number = ParseInteger(*value);
    if (!number) return Malformed();
    position.value = *number;
  }
  query.after = std::move(position);
  return {};
}

}  // namespace hikeshi::server
