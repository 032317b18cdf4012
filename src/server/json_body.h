// Request bodies: a JSON object, parsed defensively (no exception escapes, nesting limited while
// parsing), then read field by field so unknown fields and wrong types are rejected by name.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace hikeshi::server {

inline constexpr int kMaxJsonDepth = 32;

// The body as a JSON object. kInvalid when it is not well-formed JSON (RFC 8259, UTF-8), is not
// an object, or nests deeper than kMaxJsonDepth. An empty body is an empty object.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Reads the fields of one request object. Construct with the names the endpoint accepts; any
// other field is an error. A field set to null counts as absent.
class FieldReader {
 public:
  static constexpr size_t kMaxFields = 12;

  // `object` and the characters of `allowed` (normally literals) must outlive the reader.
  // At most kMaxFields names.
  FieldReader(const nlohmann::json& object, std::initializer_list<std::string_view> allowed);

  // The first field not in `allowed`, as kInvalid "unknown field 'x'"; ok otherwise.
  Status CheckUnknown() const;

  Result<std::optional<std::string>> OptionalString(std::string_view name) const;
  Result<std::string> RequiredString(std::string_view name) const;
  Result<std::optional<int64_t>> OptionalInteger(std::string_view name) const;
  Result<std::optional<bool>> OptionalBool(std::string_view name) const;
  // True when the field is present, including when it is null.
  bool Has(std::string_view name) const;
  bool IsNull(std::string_view name) const;

 private:
  const nlohmann::json* Find(std::string_view name) const;

  const nlohmann::json& object_;
  std::array<std::string_view, kMaxFields> allowed_{};  // copied: an initializer_list's array
  size_t allowed_count_ = 0;                            // dies with the constructor call
};

// Client-supplied text for an error message: JSON-quoted, non-ASCII escaped, cut at 64 bytes.
std::string QuoteForMessage(std::string_view text);

// Reads an optional enum-valued string field with `parse`; unknown names are kInvalid.
template <typename T, typename Parse>
Result<std::optional<T>> OptionalName(const FieldReader& reader, std::string_view field,
                                      Parse parse) {
  auto text = reader.OptionalString(field);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<T>{};
  std::optional<T> value = parse(**text);
  if (!value) {
    return Fail(ErrorCode::kInvalid,
                fmt::format("field \"{}\": unknown value {}", field, QuoteForMessage(**text)));
  }
  return value;
}

// Response bodies keep their fields in the documented order (nlohmann::json would sort them).
using ResponseJson = nlohmann::ordered_json;

// The serialised form used for every response: compact, invalid UTF-8 replaced rather than
// thrown on (stored text is validated, so replacement is a last resort).
std::string DumpJson(const ResponseJson& value);

}  // namespace hikeshi::server
