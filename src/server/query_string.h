// Request targets: the path/query split and application/x-www-form-urlencoded query parameters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace hikeshi::server {

struct Target {
  std::string_view path;   // up to '?' or '#'
  std::string_view query;  // after '?', without it; "" when none
};
// Views into `target`, which must outlive the result.
Target SplitTarget(std::string_view target);

// Decodes %XX and (when `plus_is_space`) '+'. kInvalid on a broken escape, a NUL byte or
// ill-formed UTF-8 in the result.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

using QueryParameters = std::vector<std::pair<std::string, std::string>>;
// "a=1&b=x%20y" → {{"a","1"},{"b","x y"}}; empty pieces are skipped, "a" alone is {"a",""}.
Result<QueryParameters> ParseQuery(std::string_view query);

// A query parameter that must be an integer from 1 to `max` (limit, cursor); kInvalid naming
// the parameter otherwise.
Result<int64_t> ParsePositiveParameter(std::string_view name, std::string_view text, int64_t max);

}  // namespace hikeshi::server
