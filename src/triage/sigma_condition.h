// The Sigma condition language: a recursive-descent parser over
//   expr := term ("or" term)* ; term := factor ("and" factor)* ;
//   factor := "not" factor | "(" expr ")" | ("1"|"any"|"all") "of" (pattern|"them") | name
// Names are the rule's search identifiers; `pattern` may use `*`; `them` means every
// identifier not starting with `_`. Keywords are case-insensitive. Nesting deeper than
// kSigmaConditionMaxDepth and text longer than kSigmaConditionMaxBytes are refused, so hostile
// rules cannot exhaust the stack.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "triage/sigma_rule.h"

namespace hikeshi::triage {

inline constexpr int kSigmaConditionMaxDepth = 64;
inline constexpr size_t kSigmaConditionMaxBytes = 4096;

// Parses `text` against the identifiers `names` (index i names selection i).
// Errors (kInvalid) name the problem: unknown identifier, unbalanced bracket, aggregation
// pipes (`| count()`, deprecated in favour of correlation rules), too deep, too long.
Result<std::unique_ptr<SigmaCondition>> ParseSigmaCondition(std::string_view text,
                                                            const std::vector<std::string>& names);

// `*`-only glob match used by `1 of sel_*` (exposed for tests).
bool SigmaIdentifierMatches(std::string_view pattern, std::string_view name);

}  // namespace hikeshi::triage
