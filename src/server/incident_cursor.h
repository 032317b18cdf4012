// The incident list's cursor as the API hands it out (doc/api.md): opaque to clients, and tied to
// the order it was made for, so continuing a list in another order is refused instead of
// silently skipping rows.
//
// Default order (newest first): the last id in decimal, as before sorting existed. Any other
// order: "<sort>.<asc|desc>.<id>.<value>" with the sort key's value in lowercase hex of its bytes
// (decimal text for numeric keys), so any title survives a URL unchanged.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "store/store.h"

namespace hikeshi::server {

// Longest cursor accepted: a title of kMaxTitleBytes in hex plus the rest.
inline constexpr size_t kMaxIncidentCursorBytes = 2 * 1024 + 64;

// The cursor continuing `query`'s order after `position`.
std::string EncodeIncidentCursor(const IncidentQuery& query, const IncidentSortPosition& position);

// Sets query.before_id or query.after from `cursor`. query.sort and query.ascending must already
// be set. kInvalid when the cursor is malformed or was made for another order.
Status ApplyIncidentCursor(IncidentQuery& query, std::string_view cursor);

}  // namespace hikeshi::server
