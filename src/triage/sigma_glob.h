// Sigma string values as globs: literal runs, `*`, `?` and windash positions, with anchoring.
// The engine finds each glob's longest literal with Vectorscan and confirms the whole glob
// here, without backtracking: segments between stars are matched leftmost-first, which is
// exact for fixed-width segments and linear in the value times the segment length.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "triage/sigma_rule.h"

namespace hikeshi::triage {

// Parses Sigma wildcard text: `*` any run, `?` one byte, `\*` `\?` `\\` escapes, any other
// backslash literal. The anchor is applied by FinishSigmaGlob.
std::vector<SigmaGlobPiece> ParseSigmaWildcards(std::string_view text);

// Applies `anchor`, dropping leading/trailing stars (which lift the anchor on that side).
// Sets `trivial` when the glob matches any value or only the empty value.
SigmaGlob FinishSigmaGlob(std::vector<SigmaGlobPiece> pieces, SigmaAnchor anchor,
                          SigmaValue::Trivial* trivial);

// Whether `value` matches `glob` (ASCII case-insensitive unless `cased`).
bool SigmaGlobMatches(const SigmaGlob& glob, std::string_view value, bool cased);

// The longest literal piece (empty when the glob has none), and whether the glob is exactly
// that literal (then anchors alone decide and no confirmation is needed).
std::string_view SigmaGlobFactor(const SigmaGlob& glob);
bool SigmaGlobIsLiteral(const SigmaGlob& glob);

}  // namespace hikeshi::triage
