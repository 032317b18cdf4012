// The {id} path segment of incident routes.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/error.h"

namespace hikeshi::server {

// A positive decimal id. Anything else names no incident: kNotFound, like an unused number.
Result<int64_t> ParseIncidentId(std::string_view segment);

}  // namespace hikeshi::server
