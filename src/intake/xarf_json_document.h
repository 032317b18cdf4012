// Internal to intake: an X-ARF JSON text parsed into an nlohmann::ordered_json value, quickly.
// simdjson (SIMD validation and unescaping, ~10× nlohmann's lexer on evidence-heavy reports)
// reads the text and the value is built from its tape; texts simdjson declines or might read
// differently from nlohmann go to nlohmann's own parser. Either way the value is the one
// nlohmann::ordered_json::parse gives, so everything built on it is unchanged.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace hikeshi::intake {

// nullopt when the text is not one JSON value. The caller bounds the nesting first (recursion
// follows it): ParseXarfJson's depth pre-scan does.
std::optional<nlohmann::ordered_json> ParseJsonDocument(std::string_view text);

// nlohmann's parser alone: the reference the fast path must equal (tests, fuzzing).
std::optional<nlohmann::ordered_json> ParseJsonDocumentWithNlohmann(std::string_view text);

}  // namespace hikeshi::intake
