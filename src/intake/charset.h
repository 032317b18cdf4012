// Bytes in some charset to UTF-8: the declared charset when it is known and fits the bytes,
// otherwise a guess (uchardet). Japanese mail is the hard case: ISO-2022-JP, Shift_JIS (CP932),
// EUC-JP, often undeclared or declared wrongly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hikeshi::intake {

struct Utf8Conversion {
  std::string text;       // always well-formed UTF-8; unconvertible bytes become U+FFFD
  std::string charset;    // the charset used, e.g. "UTF-8", "ISO-2022-JP", "CP932"
  bool declared = false;  // true when the declared charset was used as is
};

// Converts `bytes` to UTF-8. `declared` is the charset parameter of the part (may be empty).
// Appends anomalies: "charset-unknown" (declared name not known), "charset-mismatch" (declared
// charset does not fit the bytes, a guess was used), "charset-guessed" (none declared, 8-bit
// bytes), "charset-invalid-bytes" (some bytes replaced by U+FFFD).
Utf8Conversion ConvertToUtf8(std::string_view bytes, std::string_view declared,
                             std::vector<std::string>& anomalies);

// True when every byte is below 0x80 (fast: a word at a time).
bool IsAsciiText(std::string_view bytes);

// The iconv name used for a MIME charset label: aliases folded (Shift_JIS → CP932, latin1 →
// WINDOWS-1252 as browsers do), uppercase. Empty for an empty label.
std::string CanonicalCharset(std::string_view label);

}  // namespace hikeshi::intake
