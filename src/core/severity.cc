#include "core/severity.h"

#include <array>
#include <utility>

namespace hikeshi {
namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 4> kNames{{
    {Severity::kLow, "low"},
    {Severity::kMedium, "medium"},
    {Severity::kHigh, "high"},
    {Severity::kCritical, "critical"},
}};

}  // namespace

std::string_view ToString(Severity severity) {
  return kNames[static_cast<size_t>(severity)].second;
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (const auto& [value, text] : kNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace hikeshi
