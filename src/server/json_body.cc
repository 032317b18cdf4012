#include "server/json_body.h"

#include <fmt/format.h>

#include <algorithm>

namespace hikeshi::server {

using nlohmann::json;

Result<json> ParseJsonObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  bool too_deep = false;
  // The callback runs for every token; discarding values below the limit keeps nothing deep in
  // memory, and the flag turns the whole body into one clear error.
  auto limit_depth = [&too_deep](int depth, json::parse_event_t event, json&) {
    if (depth >= kMaxJsonDepth &&
        (event == json::parse_event_t::object_start || event == json::parse_event_t::array_start)) {
      too_deep = true;
      return false;
    }
    return true;
  };
  json parsed;
  try {
    parsed = json::parse(body.begin(), body.end(), limit_depth, /*allow_exceptions=*/false,
                         /*ignore_comments=*/false);
  } catch (const std::exception&) {
    // allow_exceptions=false covers syntax errors; this catches anything else nlohmann throws
    // (e.g. allocation failure) so it never crosses into the handlers.
    return Fail(ErrorCode::kInvalid, "the request body is not valid JSON");
  }
  if (too_deep) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("the request body nests deeper than {} levels", kMaxJsonDepth));
  }
  if (parsed.is_discarded()) return Fail(ErrorCode::kInvalid, "the request body is not valid JSON");
  if (!parsed.is_object())
    return Fail(ErrorCode::kInvalid, "the request body must be a JSON object");
  return parsed;
}

FieldReader::FieldReader(const json& object, std::initializer_list<std::string_view> allowed)
    : object_(object) {
  for (std::string_view name : allowed) {
    if (allowed_count_ < kMaxFields) allowed_[allowed_count_++] = name;
  }
}

Status FieldReader::CheckUnknown() const {
  for (const auto& [key, value] : object_.items()) {
    auto end = allowed_.begin() + static_cast<std::ptrdiff_t>(allowed_count_);
    if (std::find(allowed_.begin(), end, key) == end) {
      return Fail(ErrorCode::kInvalid, fmt::format("unknown field {}", QuoteForMessage(key)));
    }
  }
  return {};
}

const json* FieldReader::Find(std::string_view name) const {
  auto found = object_.find(name);
  if (found == object_.end()) return nullptr;
  return &*found;
}

bool FieldReader::Has(std::string_view name) const { return Find(name) != nullptr; }

bool FieldReader::IsNull(std::string_view name) const {
  const json* value = Find(name);
  return value != nullptr && value->is_null();
}

Result<std::optional<std::string>> FieldReader::OptionalString(std::string_view name) const {
  const json* value = Find(name);
  if (value == nullptr || value->is_null()) return std::optional<std::string>{};
  if (!value->is_string()) {
    return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" must be a string", name));
  }
  return std::optional<std::string>{value->get_ref<const std::string&>()};
}

Result<std::string> FieldReader::RequiredString(std::string_view name) const {
  auto value = OptionalString(name);
  if (!value) return std::unexpected(value.error());
  if (!*value) return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" is required", name));
  return std::move(**value);
}

Result<std::optional<int64_t>> FieldReader::OptionalInteger(std::string_view name) const {
  const json* value = Find(name);
  if (value == nullptr || value->is_null()) return std::optional<int64_t>{};
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() && value->get<uint64_t>() > INT64_MAX) {
      return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" is out of range", name));
    }
    return std::optional<int64_t>{value->get<int64_t>()};
  }
  return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" must be an integer", name));
}

Result<std::optional<bool>> FieldReader::OptionalBool(std::string_view name) const {
  const json* value = Find(name);
  if (value == nullptr || value->is_null()) return std::optional<bool>{};
  if (!value->is_boolean()) {
    return Fail(ErrorCode::kInvalid, fmt::format("field \"{}\" must be true or false", name));
  }
  return std::optional<bool>{value->get<bool>()};
}

std::string QuoteForMessage(std::string_view text) {
  constexpr size_t kShown = 64;
  return json(std::string(text.substr(0, kShown)))
      .dump(-1, ' ', /*ensure_ascii=*/true, json::error_handler_t::replace);
}

std::string DumpJson(const ResponseJson& value) {
  return value.dump(-1, ' ', false, ResponseJson::error_handler_t::replace);
}

}  // namespace hikeshi::server
