#include "intake/charset.h"

#include <errno.h>
#include <iconv.h>
#include <simdjson.h>
#include <uchardet.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

namespace hikeshi::intake {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// simdjson's SIMD validator: the same rules as core's IsValidUtf8 (no overlong forms, surrogates
// or code points past U+10FFFF), several times faster on the multi-byte Japanese text that every
// part's conversion checks here (≈ 6% of bulk intake with the byte loop).
bool IsValidUtf8Simd(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// ISO-2022-JP is 7-bit: its designator escapes are how to tell it from ASCII.
bool HasIso2022JpEscape(std::string_view bytes) {
  for (std::size_t at = bytes.find('\x1b'); at != std::string_view::npos;
       at = bytes.find('\x1b', at + 1)) {
    std::string_view rest = bytes.substr(at + 1, 2);
    if (rest == "$B" || rest == "$@" || rest == "(J" || rest == "(I") return true;
  }
  return false;
}

// A small per-thread cache of iconv descriptors: iconv_open costs more than converting a
// typical text part. Descriptors are reset before each use.
class IconvCache {
 public:
  ~IconvCache() {
    for (auto& [name, cd] : entries_) iconv_close(cd);
  }
  // nullptr when the charset is unknown to iconv.
  iconv_t Get(const std::string& charset) {
    for (auto& [name, cd] : entries_) {
      if (name == charset) {
        iconv(cd, nullptr, nullptr, nullptr, nullptr);
        return cd;
      }
    }
    iconv_t cd = iconv_open("UTF-8", charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return nullptr;
    if (entries_.size() >= kMaxEntries) {
      iconv_close(entries_.front().second);
      entries_.erase(entries_.begin());
    }
    entries_.emplace_back(charset, cd);
    return cd;
  }

 private:
  static constexpr std::size_t kMaxEntries = 16;
  std::vector<std::pair<std::string, iconv_t>> entries_;
};

IconvCache& Cache() {
  thread_local IconvCache cache;
  return cache;
}

enum class Mode { kStrict, kLenient };

// Converts with iconv. Strict: false on the first bad sequence. Lenient: bad bytes become
// U+FFFD and `*replaced` is set.
bool Convert(iconv_t cd, std::string_view bytes, Mode mode, std::string& out, bool* replaced) {
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::array<char, 8192> buffer;
  bool flushing = false;
  while (true) {
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    std::size_t rc = flushing ? iconv(cd, nullptr, nullptr, &out_ptr, &out_left)
                              : iconv(cd, &in, &in_left, &out_ptr, &out_left);
    out.append(buffer.data(), buffer.size() - out_left);
    if (rc != static_cast<std::size_t>(-1)) {
      if (flushing) return true;
      flushing = true;  // emit any shift-state reset
      continue;
    }
    if (errno == E2BIG) continue;
    if (mode == Mode::kStrict) return false;
    *replaced = true;
    out.append(kReplacement);
    if (errno == EINVAL || in_left == 0) {  // truncated sequence at the end
      in_left = 0;
      flushing = true;
      continue;
    }
    ++in;  // EILSEQ: skip one byte and go on
    --in_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
}

// Length of the well-formed UTF-8 sequence at the start of `bytes`, or 0 (RFC 3629 table 3-7:
// no overlongs, no surrogates, nothing past U+10FFFF).
std::size_t Utf8SequenceLength(std::string_view bytes) {
  auto byte = [&bytes](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || bytes.size() < length) return 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead == 0xE0) low = 0xA0;
  if (lead == 0xED) high = 0x9F;
  if (lead == 0xF0) low = 0x90;
  if (lead == 0xF4) high = 0x8F;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

// Replaces every ill-formed byte with U+FFFD; returns true when something was replaced.
bool SanitizeUtf8(std::string_view bytes, std::string& out) {
  out.clear();
  out.reserve(bytes.size());
  bool replaced = false;
  while (!bytes.empty()) {
    std::size_t length = Utf8SequenceLength(bytes);
    if (length == 0) {
      out.append(kReplacement);
      replaced = true;
      length = 1;
    } else {
      out.append(bytes.substr(0, length));
    }
    bytes.remove_prefix(length);
  }
  return replaced;
}

std::string Guess(std::string_view bytes) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> detector(
      uchardet_new(), &uchardet_delete);
  if (!detector) return {};
  // 64 KiB are plenty to tell charsets apart and bound the cost on huge parts.
  std::string_view sample = bytes.substr(0, 64u << 10);
  if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) return {};
  uchardet_data_end(detector.get());
  const char* name = uchardet_get_charset(detector.get());
  return name ? CanonicalCharset(name) : std::string();
}

void ReplaceInvalid(std::string_view bytes, Utf8Conversion& result,
                    std::vector<std::string>& anomalies) {
  // Latin-1-style fallback: every byte maps, so the evidence is never lost.
  bool replaced = false;
  iconv_t cd = Cache().Get("WINDOWS-1252");
  if (cd == nullptr || !Convert(cd, bytes, Mode::kLenient, result.text, &replaced)) {
    result.text.assign(bytes);
  }
  result.charset = "WINDOWS-1252";
  if (replaced) anomalies.emplace_back("charset-invalid-bytes");
}

Utf8Conversion ConvertUnchecked(std::string_view bytes, const std::string& charset, bool ascii,
                                bool iso2022, std::vector<std::string>& anomalies);

}  // namespace

bool IsAsciiText(std::string_view bytes) {
  // Eight bytes at a time: abuse mail is mostly ASCII and this runs on every header and part.
  const char* at = bytes.data();
  const char* end = at + bytes.size();
  for (; end - at >= 8; at += 8) {
    std::uint64_t word;
    std::memcpy(&word, at, 8);
    if (word & 0x8080808080808080ull) return false;
  }
  for (; at < end; ++at) {
    if (static_cast<unsigned char>(*at) >= 0x80) return false;
  }
  return true;
}

std::string CanonicalCharset(std::string_view label) {
  std::string name;
  name.reserve(label.size());
  for (char c : label) {
    if (c == ' ' || c == '"' || c == '\'' || c == '\t') continue;
    name.push_back(AsciiUpper(c));
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kAliases{{
      {"SHIFT_JIS", "CP932"},
      {"SHIFT-JIS", "CP932"},
      {"SJIS", "CP932"},
      {"X-SJIS", "CP932"},
      {"MS_KANJI", "CP932"},
      {"WINDOWS-31J", "CP932"},
      {"CSSHIFTJIS", "CP932"},
      {"X-EUC-JP", "EUC-JP-MS"},
      {"EUC-JP", "EUC-JP-MS"},
      {"EUCJP", "EUC-JP-MS"},
      {"ISO-8859-1", "WINDOWS-1252"},
      {"LATIN1", "WINDOWS-1252"},
      {"ISO8859-1", "WINDOWS-1252"},
      {"ISO_8859-1", "WINDOWS-1252"},
      {"US-ASCII", "US-ASCII"},
      {"ASCII", "US-ASCII"},
      {"UTF8", "UTF-8"},
      {"X-UNKNOWN", ""},
      {"UNKNOWN-8BIT", ""},
      {"DEFAULT", ""},
      {"CP50220", "ISO-2022-JP"},
      {"ISO-2022-JP-MS", "ISO-2022-JP"},
  }};
  for (const auto& [alias, canonical] : kAliases) {
    if (name == alias) return std::string(canonical);
  }
  return name;
}

Utf8Conversion ConvertToUtf8(std::string_view bytes, std::string_view declared,
                             std::vector<std::string>& anomalies) {
  std::string charset = CanonicalCharset(declared);
  const bool ascii = IsAsciiText(bytes);
  const bool iso2022 = ascii && HasIso2022JpEscape(bytes);
  Utf8Conversion result;
  // Fast paths: the common declared-and-right cases never touch iconv and are checked once.
  if ((charset == "UTF-8" || charset == "US-ASCII") && !iso2022 &&
      (ascii || (charset == "UTF-8" && IsValidUtf8Simd(bytes)))) {
    result.text.assign(bytes);
    result.charset = charset;
    result.declared = true;
    return result;
  }
  if (charset.empty() && ascii && !iso2022) {
    result.text.assign(bytes);
    result.charset = "US-ASCII";
    return result;
  }
  result = ConvertUnchecked(bytes, charset, ascii, iso2022, anomalies);
  // The contract is well-formed UTF-8 whatever iconv's converters let through.
  if (!IsValidUtf8Simd(result.text)) {
    std::string clean;
    SanitizeUtf8(result.text, clean);
    result.text = std::move(clean);
    anomalies.emplace_back("charset-invalid-bytes");
  }
  return result;
}

namespace {

// The slow path: iconv with the declared charset, else a guess. `charset` is canonical.
Utf8Conversion ConvertUnchecked(std::string_view bytes, const std::string& charset, bool ascii,
                                bool iso2022, std::vector<std::string>& anomalies) {
  Utf8Conversion result;

  if (!charset.empty() && charset != "US-ASCII" && charset != "UTF-8") {
    iconv_t cd = Cache().Get(charset);
    if (cd == nullptr) {
      anomalies.emplace_back("charset-unknown");
    } else if (Convert(cd, bytes, Mode::kStrict, result.text, nullptr)) {
      result.charset = charset;
      result.declared = true;
      return result;
    }
  }

  // Declared wrongly, unknown, or not declared: guess.
  std::string guess = iso2022                              ? std::string("ISO-2022-JP")
                      : (!ascii && IsValidUtf8Simd(bytes)) ? std::string("UTF-8")
                                                           : Guess(bytes);
  if (!charset.empty() && guess != charset) {
    anomalies.emplace_back("charset-mismatch");
  } else if (charset.empty()) {
    anomalies.emplace_back("charset-guessed");
  }
  if (guess == "UTF-8") {  // iconv would pass some ill-formed UTF-8 through; do it here
    if (SanitizeUtf8(bytes, result.text)) anomalies.emplace_back("charset-invalid-bytes");
    result.charset = guess;
    return result;
  }
  if (!guess.empty() && guess != "US-ASCII") {
    if (iconv_t cd = Cache().Get(guess); cd != nullptr) {
      bool replaced = false;
      if (Convert(cd, bytes, Mode::kLenient, result.text, &replaced)) {
        if (replaced) anomalies.emplace_back("charset-invalid-bytes");
        result.charset = guess;
        return result;
      }
    }
  }
  ReplaceInvalid(bytes, result, anomalies);
  return result;
}

}  // namespace

}  // namespace hikeshi::intake
