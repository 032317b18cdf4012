#include "intake/normalize.h"

#include <utf8proc.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <array>
#include <cstring>

namespace hikeshi::intake {
namespace {

constexpr bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

bool StartsWithNoCase(std::string_view text, size_t at, std::string_view pattern) {
  if (text.size() - at < pattern.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    unsigned char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c |= 0x20;
    if (c != static_cast<unsigned char>(pattern[i])) return false;
  }
  return true;
}

struct Defang {
  std::string_view pattern;  // lowercase; matched case-insensitively
  std::string_view replacement;
};

// Bracketed forms, matched where they stand: "203.0.113[.]5", "hxxp[://]", "abuse[at]example".
constexpr std::array<Defang, 14> kBracketed{{
    {"[.]", "."},
    {"[dot]", "."},
    {"[:]", ":"},
    {"[://]", "://"},
    {"[@]", "@"},
    {"[at]", "@"},
    {"(.)", "."},
    {"(dot)", "."},
    {"(@)", "@"},
    {"(at)", "@"},
    {"{.}", "."},
    {"{dot}", "."},
    {"{@}", "@"},
    {"{at}", "@"},
}};

// Forms written with spaces around them, "example [.] com", "abuse [at] example.com": the spaces
// go too. " dot " is only taken between words, and not after a word that makes it prose.
constexpr std::array<Defang, 9> kSpaced{{
    {" [.] ", "."},
    {" [dot] ", "."},
    {" (.) ", "."},
    {" (dot) ", "."},
    {" [@] ", "@"},
    {" [at] ", "@"},
    {" (at) ", "@"},
    {" (@) ", "@"},
    {" dot ", "."},
}};

constexpr std::array<std::string_view, 24> kProseBeforeDot{
    "a",  "an",  "the",  "of",   "in",   "on",    "at",   "to",    "is",    "and",   "or",    "one",
    "no", "per", "this", "that", "each", "every", "with", "small", "black", "white", "polka", "red",
};

bool IsHostByte(unsigned char c) { return IsAsciiAlnum(c) || c == '-' || c == '_'; }

// Full-width ASCII letters and digits (U+FF10..FF19, FF21..FF3A, FF41..FF5A) start a host label
// just as their ASCII forms do.
bool IsHostCharAt(std::string_view text, size_t at) {
  if (at >= text.size()) return false;
  auto c = static_cast<unsigned char>(text[at]);
  if (c < 0x80) return IsAsciiAlnum(c);
  if (c != 0xEF || text.size() - at < 3) return false;
  auto b1 = static_cast<unsigned char>(text[at + 1]);
  auto b2 = static_cast<unsigned char>(text[at + 2]);
  if (b1 == 0xBC) return (b2 >= 0x90 && b2 <= 0x99) || (b2 >= 0xA1 && b2 <= 0xBA);
  if (b1 == 0xBD) return b2 >= 0x81 && b2 <= 0x9A;
  return false;
}

// Code points NFKC leaves alone and that are common in Japanese mail; they skip utf8proc.
bool IsNfkcStable(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3041 && cp <= 0x3096) ||
         (cp >= 0x30A1 && cp <= 0x30FE) || (cp >= 0x3001 && cp <= 0x3011 && cp != 0x3002) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x3400 && cp <= 0x4DBF);
}

// True when a defanged form or a non-ASCII character may start at `at`.
bool IsCandidate(std::string_view in, size_t at) {
  auto c = static_cast<unsigned char>(in[at]);
  if (c >= 0x80 || c == '[' || c == '(' || c == '{') return true;
  if (at + 1 >= in.size()) return false;
  char next = in[at + 1];
  if (c == ' ') {
    return next == '[' || next == '(' ||
           ((next | 0x20) == 'd' && at + 2 < in.size() && (in[at + 2] | 0x20) == 'o');
  }
  if ((c | 0x20) == 'h') return (next | 0x20) == 'x' || next == '*';
  return false;
}

// The first position at or after `at` where IsCandidate holds, or in.size(). Sixteen bytes at a
// time with SSE2: on ASCII prose almost every block is skipped whole.
size_t NextCandidate(std::string_view in, size_t at) {
#if defined(__SSE2__)
  const char* data = in.data();
  while (at + 18 <= in.size()) {
    __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
    __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at + 1));
    __m128i lower0 = _mm_or_si128(v0, _mm_set1_epi8(0x20));
    __m128i lower1 = _mm_or_si128(v1, _mm_set1_epi8(0x20));
    __m128i brackets = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8('[')),
                                                 _mm_cmpeq_epi8(v0, _mm_set1_epi8('('))),
                                    _mm_cmpeq_epi8(v0, _mm_set1_epi8('{')));
    __m128i lower2 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at + 2)),
                                  _mm_set1_epi8(0x20));
    __m128i after_space =
        _mm_or_si128(_mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(lower1, _mm_set1_epi8('d')),
                                                _mm_cmpeq_epi8(lower2, _mm_set1_epi8('o'))),
                                  _mm_cmpeq_epi8(v1, _mm_set1_epi8('['))),
                     _mm_cmpeq_epi8(v1, _mm_set1_epi8('(')));
    __m128i spaced = _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8(' ')), after_space);
    __m128i scheme = _mm_and_si128(_mm_cmpeq_epi8(lower0, _mm_set1_epi8('h')),
                                   _mm_or_si128(_mm_cmpeq_epi8(lower1, _mm_set1_epi8('x')),
                                                _mm_cmpeq_epi8(v1, _mm_set1_epi8('*'))));
    int mask = _mm_movemask_epi8(v0) |
               _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(brackets, spaced), scheme));
    if (mask != 0) return at + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    at += 16;
  }
#endif
  while (at < in.size() && !IsCandidate(in, at)) ++at;
  return at;
}

// The fast path for Japanese text: a well-formed three-byte sequence of an NFKC-stable code point.
inline bool IsStableThreeBytes(std::string_view in, size_t at) {
  if (in.size() - at < 3) return false;
  auto b0 = static_cast<unsigned char>(in[at]);
  auto b1 = static_cast<unsigned char>(in[at + 1]);
  auto b2 = static_cast<unsigned char>(in[at + 2]);
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return false;
  int32_t cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
  return IsNfkcStable(cp);  // every stable range lies above U+0800 and outside the surrogates
}

// One UTF-8 code point at `at`: (code point, length), length 0 when malformed. Two- and
// three-byte forms (all of Japanese) inline; the rest through utf8proc.
std::pair<int32_t, size_t> DecodeUtf8(std::string_view in, size_t at) {
  auto b0 = static_cast<unsigned char>(in[at]);
  size_t left = in.size() - at;
  if (b0 >= 0xC2 && b0 < 0xE0 && left >= 2) {
    auto b1 = static_cast<unsigned char>(in[at + 1]);
    if ((b1 & 0xC0) == 0x80) return {((b0 & 0x1F) << 6) | (b1 & 0x3F), 2};
    return {0, 0};
  }
  if (b0 >= 0xE0 && b0 < 0xF0 && left >= 3) {
    auto b1 = static_cast<unsigned char>(in[at + 1]);
    auto b2 = static_cast<unsigned char>(in[at + 2]);
    if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return {0, 0};
    int32_t cp = ((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F);
    if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
    return {cp, 3};
  }
  utf8proc_int32_t cp = 0;
  auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(in.data() + at),
                                 static_cast<utf8proc_ssize_t>(left), &cp);
  if (length <= 0) return {0, 0};
  return {cp, static_cast<size_t>(length)};
}

}  // namespace

class Normalizer {
 public:
  explicit Normalizer(std::string_view input) { result_.input_ = input; }

  NormalizedText Run() {
    std::string_view in = result_.input_;
    size_t i = 0;
    while ((i = NextCandidate(in, i)) < in.size()) {
      if (static_cast<unsigned char>(in[i]) < 0x80) {
        i = Refang(i);
        continue;
      }
      do {  // a run of non-ASCII text, one code point at a time; most of it NFKC-stable
        i = IsStableThreeBytes(in, i) ? i + 3 : Nfkc(i);
      } while (i < in.size() && static_cast<unsigned char>(in[i]) >= 0x80);
    }
    if (result_.copied_) result_.buffer_.append(in.substr(copied_until_));
    return std::move(result_);
  }

 private:
  // Replaces input [at, at + length) by `replacement`; returns the input position after it.
  size_t Emit(size_t at, size_t length, std::string_view replacement, Rewrite rewrite) {
    std::string& out = result_.buffer_;
    if (!result_.copied_) {
      out.reserve(result_.input_.size());
      result_.pieces_.reserve(32);
      result_.copied_ = true;
    }
    out.append(result_.input_.substr(copied_until_, at - copied_until_));
    size_t normalized_begin = out.size();
    out.append(replacement);
    result_.pieces_.push_back({static_cast<uint32_t>(normalized_begin), static_cast<uint32_t>(at),
                               static_cast<uint8_t>(replacement.size()),
                               static_cast<uint8_t>(length), rewrite});
    copied_until_ = at + length;
    return copied_until_;
  }

  // The byte just before input position `at` in the normalised output.
  unsigned char OutputByteBefore(size_t at) const {
    if (at == 0) return 0;
    if (!result_.pieces_.empty() && result_.pieces_.back().input_end() == at) {
      return static_cast<unsigned char>(result_.buffer_.back());
    }
    return static_cast<unsigned char>(result_.input_[at - 1]);
  }

  size_t Refang(size_t at) {
    std::string_view in = result_.input_;
    char c = in[at];
    if (c == ' ') return RefangSpaced(at);
    if (c == 'h' || c == 'H') return RefangScheme(at);
    for (const Defang& defang : kBracketed) {
      if (defang.pattern[0] == c && StartsWithNoCase(in, at, defang.pattern)) {
        return Emit(at, defang.pattern.size(), defang.replacement, Rewrite::kRefang);
      }
    }
    return at + 1;
  }

  size_t RefangSpaced(size_t at) {
    std::string_view in = result_.input_;
    if (at + 1 >= in.size()) return at + 1;
    char next = in[at + 1];
    bool dot_word = (next | 0x20) == 'd';
    if (dot_word && !StartsWithNoCase(in, at + 1, "dot ")) return at + 1;
    if (!dot_word && next != '[' && next != '(') return at + 1;
    if (!IsHostByte(OutputByteBefore(at))) return at + 1;
    for (const Defang& defang : kSpaced) {
      if (defang.pattern[1] != (next | (dot_word ? 0x20 : 0))) continue;
      if (!StartsWithNoCase(in, at, defang.pattern)) continue;
      size_t after = at + defang.pattern.size();
      if (!IsHostCharAt(in, after)) return at + 1;
      if (dot_word && IsProseWordBefore(at)) return at + 1;
      return Emit(at, defang.pattern.size(), defang.replacement, Rewrite::kRefang);
    }
    return at + 1;
  }

  bool IsProseWordBefore(size_t at) const {
    std::string_view in = result_.input_;
    size_t begin = at;
    while (begin > 0 && at - begin < 8 && IsAsciiAlnum(in[begin - 1])) --begin;
    if (begin > 0 && IsAsciiAlnum(in[begin - 1])) return false;  // a long word: not in the list
    std::string word(in.substr(begin, at - begin));
    for (char& ch : word) ch = static_cast<char>(ch | 0x20);
    return std::find(kProseBeforeDot.begin(), kProseBeforeDot.end(), word) != kProseBeforeDot.end();
  }

  // "hxxp", "hXXps", "h**p" at the start of a word and followed by ':' or '[' become "http".
  size_t RefangScheme(size_t at) {
    std::string_view in = result_.input_;
    if (in.size() - at < 5) return at + 1;
    char x1 = in[at + 1];
    char x2 = in[at + 2];
    bool xx = ((x1 | 0x20) == 'x' && (x2 | 0x20) == 'x') || (x1 == '*' && x2 == '*');
    if (!xx || (in[at + 3] | 0x20) != 'p') return at + 1;
    if (at > 0 && IsAsciiAlnum(in[at - 1])) return at + 1;
    size_t after = at + 4;
    if ((in[after] | 0x20) == 's') ++after;
    if (after >= in.size() || (in[after] != ':' && in[after] != '[')) return at + 1;
    return Emit(at, 4, "http", Rewrite::kRefang);
  }

  // One non-ASCII code point at `at`: NFKC-mapped when that changes it.
  size_t Nfkc(size_t at) {
    std::string_view in = result_.input_;
    auto [cp, length] = DecodeUtf8(in, at);
    if (length == 0) {
      ++result_.invalid_utf8_bytes_;
      return at + 1;
    }
    size_t next = at + length;
    if (IsNfkcStable(cp)) return next;
    // Full-width ASCII (U+FF01..FF5E) and the ideographic space: NFKC without the table lookup.
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      char ascii = static_cast<char>(cp - 0xFEE0);
      return Emit(at, length, std::string_view(&ascii, 1), Rewrite::kNfkc);
    }
    if (cp == 0x3000) return Emit(at, length, " ", Rewrite::kNfkc);
    // The ideographic full stop is a label separator in IDNA (UTS #46), but in Japanese prose it
    // ends sentences: it is a dot only between two host characters.
    if (cp == 0x3002 || cp == 0xFF61) {
      if (IsHostByte(OutputByteBefore(at)) && IsHostCharAt(in, next)) {
        return Emit(at, next - at, ".", Rewrite::kNfkc);
      }
      return next;
    }
    std::array<utf8proc_int32_t, 32> mapped{};
    int boundclass = 0;
    auto count = utf8proc_decompose_char(
        cp, mapped.data(), mapped.size(),
        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT), &boundclass);
    if (count <= 0 || count > static_cast<utf8proc_ssize_t>(mapped.size())) return next;
    if (count > 1) count = utf8proc_normalize_utf32(mapped.data(), count, UTF8PROC_COMPOSE);
    if (count == 1 && mapped[0] == cp) return next;
    std::string replacement;
    for (utf8proc_ssize_t k = 0; k < count; ++k) {
      std::array<utf8proc_uint8_t, 4> bytes{};
      auto written = utf8proc_encode_char(mapped[k], bytes.data());
      replacement.append(reinterpret_cast<const char*>(bytes.data()), written);
    }
    // Long expansions (U+FDFA is 33 bytes after NFKC, "㍿" is 株式会社) never form an
    // indicator; keeping them bounds the normalised text at twice the input.
    if (replacement.size() > std::max<size_t>(next - at, 4)) return next;
    return Emit(at, next - at, replacement, Rewrite::kNfkc);
  }

  NormalizedText result_;
  size_t copied_until_ = 0;
};

NormalizedText NormalizedText::Normalize(std::string_view input) {
  constexpr size_t kMaxInput = 0xFFFFFFFFu;  // pieces hold 32-bit offsets
  return Normalizer(input.substr(0, std::min(input.size(), kMaxInput))).Run();
}

NormalizedText::Span NormalizedText::ToInput(size_t begin, size_t end) const {
  Span span{begin, end, 0};
  if (pieces_.empty()) return span;
  // First piece that ends after `begin`; pieces never overlap and are sorted.
  auto it =
      std::upper_bound(pieces_.begin(), pieces_.end(), begin,
                       [](size_t offset, const Piece& p) { return offset < p.normalized_end(); });
  if (it == pieces_.begin()) {
    span.begin = begin;
  } else {
    const Piece& before = *(it - 1);
    span.begin = before.input_end() + (begin - before.normalized_end());
  }
  if (it != pieces_.end() && it->normalized_begin <= begin) span.begin = it->input_begin;
  // Last piece that starts before `end`.
  auto last =
      std::lower_bound(pieces_.begin(), pieces_.end(), end,
                       [](const Piece& p, size_t offset) { return p.normalized_begin < offset; });
  if (last == pieces_.begin()) {
    span.end = end;
  } else {
    const Piece& piece = *(last - 1);
    span.end = end <= piece.normalized_end() ? piece.input_end()
                                             : piece.input_end() + (end - piece.normalized_end());
  }
  for (auto p = it; p != last; ++p) span.rewrites |= static_cast<uint8_t>(p->rewrite);
  return span;
}

}  // namespace hikeshi::intake
