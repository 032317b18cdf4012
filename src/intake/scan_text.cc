#include "intake/scan_text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hikeshi::intake {

bool IsIdnDelimiter(char c) {
  return std::string_view(" \t\r\n<(\"'[:=,;").find(c) != std::string_view::npos;
}

bool IsMonthOrDayName(std::string_view word) {
  static constexpr std::array<std::string_view, 19> kNames{
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  char lower[3] = {static_cast<char>(word[0] | 0x20), static_cast<char>(word[1] | 0x20),
                   static_cast<char>(word[2] | 0x20)};
  for (std::string_view name : kNames) {
    if (name[0] == lower[0] && name[1] == lower[1] && name[2] == lower[2]) return true;
  }
  return false;
}

std::string Lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
  }
  return out;
}

size_t NextAnchor(std::string_view text, size_t at) {
  const char* data = text.data();
#if defined(__SSE2__)
  while (at + 16 <= text.size()) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    __m128i offset = _mm_sub_epi8(v, _mm_set1_epi8('0'));  // '0'..'9' and ':' become 0..10
    __m128i digit_or_colon = _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(10)), offset);
    __m128i dot_or_at =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('@')));
    int mask = _mm_movemask_epi8(_mm_or_si128(digit_or_colon, dot_or_at));
    if (mask != 0) return at + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    at += 16;
  }
#endif
  for (; at < text.size(); ++at) {
    char c = data[at];
    if ((c >= '0' && c <= ':') || c == '.' || c == '@') return at;
  }
  return at;
}

size_t TrimUrlEnd(std::string_view text, size_t begin, size_t floor, size_t end) {
  size_t opens = 0, closes = 0, square_opens = 0, square_closes = 0;
  for (char c : text.substr(begin, end - begin)) {
    opens += c == '(';
    closes += c == ')';
    square_opens += c == '[';
    square_closes += c == ']';
  }
  while (end > floor) {
    char last = text[end - 1];
    if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?' ||
        last == '*') {
      --end;
    } else if (last == ')' && closes > opens) {
      --end, --closes;
    } else if (last == ']' && square_closes > square_opens) {
      --end, --square_closes;
    } else {
      break;
    }
  }
  return end;
}

}  // namespace hikeshi::intake
