#include "server/incident_id.h"

#include <charconv>

namespace hikeshi::server {

Result<int64_t> ParseIncidentId(std::string_view segment) {
  int64_t id = 0;
  auto [end, error] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
  bool digits_only = !segment.empty() && segment.front() != '-' && segment.front() != '+';
  if (!digits_only || error != std::errc() || end != segment.data() + segment.size() || id <= 0) {
    return Fail(ErrorCode::kNotFound, "no such incident");
  }
  return id;
}

}  // namespace hikeshi::server
