// Character classes and fast searches the indicator scanner is built on.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hikeshi::intake {

// Classes of the bytes that make up runs of host characters ([A-Za-z0-9._-]); 0 for every other
// byte, non-ASCII included.
enum : uint8_t {
  kDigit = 1,
  kHexLetter = 2,
  kOtherLetter = 4,
  kDot = 8,
  kDash = 16,
  kUnderscore = 32,
};
inline constexpr uint8_t kLetter = kHexLetter | kOtherLetter;
inline constexpr uint8_t kHex = kDigit | kHexLetter;

inline constexpr std::array<uint8_t, 256> kClasses = [] {
  std::array<uint8_t, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = kDigit;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = c <= 'f' ? kHexLetter : kOtherLetter;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = c <= 'F' ? kHexLetter : kOtherLetter;
  table['.'] = kDot;
  table['-'] = kDash;
  table['_'] = kUnderscore;
  return table;
}();

// Printable ASCII that may appear in a URL as people paste it; quotes, angle brackets and the like
// end it, as do whitespace, controls and non-ASCII text ("http://example.com/を確認").
inline constexpr std::array<bool, 256> kUrlBytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0x21; c < 0x7F; ++c) table[c] = true;
  for (unsigned char c : std::string_view("<>\"'`{}|\\^")) table[c] = false;
  return table;
}();

inline uint8_t ClassOf(char c) { return kClasses[static_cast<unsigned char>(c)]; }
inline bool IsAlnum(char c) { return (ClassOf(c) & (kDigit | kLetter)) != 0; }
inline bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }
inline bool IsUrlByte(char c) { return kUrlBytes[static_cast<unsigned char>(c)]; }
inline bool IsLocalPartByte(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// What may stand before a bare internationalised name ("ドメイン: 例え.jp").
bool IsIdnDelimiter(char c);

// "jan".."dec", "mon".."sun" in any case (`word` has 3 bytes): the only three-letter words that
// can start a timestamp.
bool IsMonthOrDayName(std::string_view word);

std::string Lowercase(std::string_view text);  // ASCII letters only

// The first position at or after `at` holding a digit, '.', ':' or '@', or text.size(). Every
// indicator holds one of them; SSE2 tests sixteen bytes at a time.
size_t NextAnchor(std::string_view text, size_t at);

// Drops the trailing punctuation that belongs to the sentence from the URL text[begin, end),
// never going below `floor`: . , ; : ! ? * always, ')' and ']' only when unbalanced in the URL.
// Returns the new end.
size_t TrimUrlEnd(std::string_view text, size_t begin, size_t floor, size_t end);

}  // namespace hikeshi::intake
