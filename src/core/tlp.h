// Traffic Light Protocol 2.0 (FIRST): how far information in a record may be shared.
#pragma once

#include <optional>
#include <string_view>

namespace hikeshi {

// Ordered from least to most restrictive.
enum class Tlp { kClear, kGreen, kAmber, kAmberStrict, kRed };

// Canonical label, "TLP:CLEAR" … "TLP:AMBER+STRICT" … "TLP:RED".
std::string_view ToString(Tlp tlp);
// Accepts the canonical label or its lowercase short form ("clear", "amber+strict"); TLP 1.0's
// "WHITE" is accepted as CLEAR, as FIRST's TLP 2.0 guidance says.
std::optional<Tlp> ParseTlp(std::string_view label);

}  // namespace hikeshi
