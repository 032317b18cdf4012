// AS numbers as people type them and RPSL writes them: "AS64500", "as64500", full-width
// "ＡＳ６４５００" (NFKC), 32-bit asplain only (RFC 6793; asdot "AS1.10" is not accepted).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hikeshi::coord {

// The number of "AS<digits>" (case-insensitive, surrounding blanks ignored, full-width forms
// folded by NFKC); nullopt for anything else, leading zeros ("AS0645") or a value above
// 4294967295.
std::optional<uint32_t> ParseAsNumber(std::string_view text);

// "AS64500".
std::string FormatAsNumber(uint32_t number);

}  // namespace hikeshi::coord
