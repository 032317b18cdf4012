#include "core/tlp.h"

#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace hikeshi {
namespace {

constexpr std::array<std::pair<Tlp, std::string_view>, 5> kLabels{{
    {Tlp::kClear, "TLP:CLEAR"},
    {Tlp::kGreen, "TLP:GREEN"},
    {Tlp::kAmber, "TLP:AMBER"},
    {Tlp::kAmberStrict, "TLP:AMBER+STRICT"},
    {Tlp::kRed, "TLP:RED"},
}};

}  // namespace

std::string_view ToString(Tlp tlp) { return kLabels[static_cast<size_t>(tlp)].second; }

std::optional<Tlp> ParseTlp(std::string_view label) {
  if (label.size() > 20) return std::nullopt;
  std::string upper;
  for (char c : label) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!upper.starts_with("TLP:")) upper = "TLP:" + upper;
  if (upper == "TLP:WHITE") return Tlp::kClear;
  for (const auto& [value, text] : kLabels) {
    if (text == upper) return value;
  }
  return std::nullopt;
}

}  // namespace hikeshi
