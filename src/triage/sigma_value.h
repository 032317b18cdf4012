// Sigma values and modifiers: turns one detection item ("Field|mod|mod": values) into a
// SigmaItem whose values are ready for the engine (globs, RE2 patterns, networks,
// numbers). Pure; no I/O.
//
// Supported modifiers: contains, startswith, endswith, all, cased, re (+ i, m, s), cidr,
// base64, base64offset, utf16le, utf16be, utf16, wide, windash, exists, lt, lte, gt, gte, neq,
// fieldref. Anything else (expand, the time modifiers, unknown names) is refused with a
// reason naming the modifier.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "triage/sigma_rule.h"

namespace hikeshi::triage {

inline constexpr size_t kSigmaMaxValueBytes = 64 * 1024;

// `field` is the Event field name (already mapped; empty for keywords), `rule_field` the name
// as written. A nullopt value is YAML null. Keywords default to `contains`.
Result<SigmaItem> BuildSigmaItem(std::string_view field, std::string_view rule_field,
                                 const std::vector<std::string_view>& modifiers,
                                 const std::vector<std::optional<std::string>>& values);

// Parses "a.b.c.d[/n]" or an IPv6 address with optional "/n".
std::optional<SigmaNetwork> ParseSigmaNetwork(std::string_view text);
// Parses an IPv4 or IPv6 address into the 16-byte form used by SigmaNetwork.
std::optional<std::array<uint8_t, 16>> ParseSigmaAddress(std::string_view text);
bool SigmaNetworkContains(const SigmaNetwork& network, const std::array<uint8_t, 16>& address);

}  // namespace hikeshi::triage
