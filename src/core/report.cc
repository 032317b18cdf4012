#include "core/report.h"

#include <array>
#include <utility>

namespace hikeshi {
namespace {

constexpr std::array<std::pair<ReportStatus, std::string_view>, 6> kStatusNames{{
    {ReportStatus::kReceived, "received"},
    {ReportStatus::kNew, "new"},
    {ReportStatus::kNeedsInfo, "needs-info"},
    {ReportStatus::kNotIncident, "not-an-incident"},
    {ReportStatus::kAccepted, "accepted"},
    {ReportStatus::kDuplicate, "duplicate"},
}};

}  // namespace

std::string_view ToString(ReportStatus status) {
  return kStatusNames[static_cast<size_t>(status)].second;
}

std::optional<ReportStatus> ParseReportStatus(std::string_view name) {
  for (const auto& [status, text] : kStatusNames) {
    if (text == name) return status;
  }
  return std::nullopt;
}

}  // namespace hikeshi
