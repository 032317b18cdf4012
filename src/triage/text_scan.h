// Small hand-written scanners shared by the log readers. Everything here is inline, allocation
// free and bounds-checked: a scanner never reads outside its string_view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace hikeshi::triage {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Removes `prefix` from the front of `text` when present.
inline bool ConsumePrefix(std::string_view& text, std::string_view prefix) {
  // The first-byte test makes the usual mismatch (long if-chains of prefixes) a single compare.
  if (text.size() < prefix.size() || (!prefix.empty() && text[0] != prefix[0]) ||
      !text.starts_with(prefix)) {
    return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

inline std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// text.find(needle, from), faster than string_view::find for the needles the readers use:
// that one runs memchr for the first byte and compares at every hit, and most needles here
// start with ' ', the commonest byte of a log line. This anchors on the second byte then.
inline size_t Find(std::string_view text, std::string_view needle, size_t from = 0) {
  if (needle.empty()) return from <= text.size() ? from : std::string_view::npos;
  if (from > text.size() || text.size() - from < needle.size()) return std::string_view::npos;
  const size_t anchor = needle.size() > 1 && needle[0] == ' ' ? 1 : 0;
  const char* begin = text.data();
  const char* p = begin + from + anchor;
  // The last position the anchor byte can be at with the whole needle still inside the text.
  const char* last = begin + text.size() - needle.size() + anchor;
  while (p <= last) {
    const void* hit = std::memchr(p, needle[anchor], static_cast<size_t>(last - p) + 1);
    if (hit == nullptr) return std::string_view::npos;
    const char* start = static_cast<const char*>(hit) - anchor;
    if (std::memcmp(start, needle.data(), needle.size()) == 0) {
      return static_cast<size_t>(start - begin);
    }
    p = static_cast<const char*>(hit) + 1;
  }
  return std::string_view::npos;
}

inline bool Contains(std::string_view text, std::string_view needle) {
  return Find(text, needle) != std::string_view::npos;
}

// Splits off the text up to the first `separator` (not included); the rest follows it. When
// there is no separator the whole text is returned and `text` becomes empty.
inline std::string_view NextToken(std::string_view& text, char separator = ' ') {
  size_t end = text.find(separator);
  std::string_view token = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  return token;
}

// Parses all of `text` as an unsigned decimal no larger than `max`.
inline std::optional<uint64_t> ParseUnsigned(std::string_view text, uint64_t max = UINT32_MAX) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > max) return std::nullopt;
  return value;
}

// Exactly `width` digits at text[pos]; -1 when they are not all digits or out of bounds.
inline int FixedDigits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!IsDigit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// "Jan".."Dec" (case-sensitive, as every syslog writes them) to 1..12; 0 when not a month.
inline int MonthFromAbbreviation(std::string_view text) {
  if (text.size() < 3) return 0;
  // Packs the three letters into one integer so the lookup is a dozen compares, no strings.
  uint32_t key = (uint32_t(uint8_t(text[0])) << 16) | (uint32_t(uint8_t(text[1])) << 8) |
                 uint32_t(uint8_t(text[2]));
  constexpr uint32_t kMonths[12] = {('J' << 16) | ('a' << 8) | 'n', ('F' << 16) | ('e' << 8) | 'b',
                                    ('M' << 16) | ('a' << 8) | 'r', ('A' << 16) | ('p' << 8) | 'r',
                                    ('M' << 16) | ('a' << 8) | 'y', ('J' << 16) | ('u' << 8) | 'n',
                                    ('J' << 16) | ('u' << 8) | 'l', ('A' << 16) | ('u' << 8) | 'g',
                                    ('S' << 16) | ('e' << 8) | 'p', ('O' << 16) | ('c' << 8) | 't',
                                    ('N' << 16) | ('o' << 8) | 'v', ('D' << 16) | ('e' << 8) | 'c'};
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] == key) return i + 1;
  }
  return 0;
}

// True for a syntactically valid IPv4 dotted quad or IPv6 text (including "::ffff:1.2.3.4").
// Used to decide between `src_ip` and `src_host`; it does not normalise.
bool LooksLikeIpAddress(std::string_view text);

}  // namespace hikeshi::triage
