// ASCII case folding for protocol tokens (header names, tags, field names, addresses). Bytes
// outside ASCII pass unchanged, so UTF-8 text is never damaged.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace hikeshi {

inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return AsciiLower(c); });
  return lower;
}

inline bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return AsciiLower(x) == AsciiLower(y);
         });
}

}  // namespace hikeshi
