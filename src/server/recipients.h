// Recipient resolution against the store's contact directory and the ownership index
// (coord/recipient_choice.h; doc/coordination.md, "Choosing recipients"). Every notice drafted
// by coordination asks here, so that a manual draft can ask the same way.
#pragma once

#include <optional>
#include <string_view>

#include "coord/recipient_choice.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

// Who is told about `address` (an IP address or a domain): the contact directory (read from
// `store`, at most 10,000 contacts), then `options.ownership` (may be null), then the country's
// coordination centres / peer CSIRTs and the national-CSIRT table; Cc merged with
// `options.notify.cc`. nullopt when nobody can be told; errors are the store's.
Result<std::optional<coord::RecipientChoice>> ResolveRecipient(Store& store,
                                                               const CoordinationOptions& options,
                                                               std::string_view address);

}  // namespace hikeshi::server
