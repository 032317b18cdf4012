// Severity of an incident: how urgently it must be handled.
#pragma once

#include <optional>
#include <string_view>

namespace hikeshi {

enum class Severity { kLow, kMedium, kHigh, kCritical };

std::string_view ToString(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view name);  // "low" … "critical"

}  // namespace hikeshi
