#include "coord/as_number.h"

#include <fmt/format.h>

#include "intake/normalize.h"

namespace hikeshi::coord {

std::optional<uint32_t> ParseAsNumber(std::string_view text) {
  if (text.size() > 64) return std::nullopt;  // "AS" and ten digits, with room for blanks
  size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  auto lead = static_cast<unsigned char>(text[first]);
  if (lead < 0x80 && lead != 'A' && lead != 'a') return std::nullopt;  // cheap for domain lookups
  intake::NormalizedText normalized = intake::NormalizedText::Normalize(text);
  std::string_view value = normalized.text();
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.size() < 3 || value.size() > 12 || (value[0] != 'A' && value[0] != 'a') ||
      (value[1] != 'S' && value[1] != 's')) {
    return std::nullopt;
  }
  std::string_view digits = value.substr(2);
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  uint64_t number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  if (number > UINT32_MAX) return std::nullopt;
  return static_cast<uint32_t>(number);
}

std::string FormatAsNumber(uint32_t number) { return fmt::format("AS{}", number); }

}  // namespace hikeshi::coord
