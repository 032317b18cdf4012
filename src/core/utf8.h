// UTF-8 validity: text that reaches the record must be well-formed UTF-8.
#pragma once

#include <string_view>

namespace hikeshi {

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace hikeshi
