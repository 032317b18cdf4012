// Replies to our notices, recognised in arriving mail: the ticket tag "[hikeshi #N]" in the
// subject, or an In-Reply-To/References naming one of our Message-IDs; and whether the reply
// says the problem is fixed. Pure scanners over hostile bytes, bounded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi::coord {

// The first "[hikeshi #N]" in `subject` (case-insensitive "hikeshi", N ≤ 18 digits).
std::optional<int64_t> FindTicketTag(std::string_view subject);

// The message ids (without <>) in the In-Reply-To and References headers of `raw` (a mail),
// reading at most the first 64 KiB of headers and 20 ids.
std::vector<std::string> ReplyMessageIds(std::string_view raw);

// Whether `text` says it is fixed: "fixed", "resolved", "対応済み", "対応しました", "解決しました",
// "修正しました" — unless negated nearby ("not fixed", "未対応", "対応していません").
bool SaysFixed(std::string_view text);

}  // namespace hikeshi::coord
