// Notices drafted by hand for one incident (POST /api/v1/incidents/{id}/notifications and
// `hikeshi notify draft`), whatever rule joined it or when a responder made it: one item per
// external address, URL or domain named by the incident's reports, sent to the owner of each
// (the ownership lookup) or to one recipient the responder chose. Drafting goes through
// DraftNotice, so notices aggregate per recipient, kind and period exactly like the automatic
// ones and drafting twice adds nothing new. doc/coordination.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

struct IncidentNoticeRequest {
  std::string to;                     // one recipient for every item; "" = the owners
  std::optional<int64_t> contact_id;  // or the first mail address of this directory contact
  std::string language;               // "ja" or "en"; "" = the owner's/contact's, else "en"
  std::string kind = "abuse";         // "abuse" or "warning"
};

// An address nothing was drafted for, and why (no owner known, no abuse mailbox).
struct SkippedAddress {
  std::string address;
  std::string reason;
};

struct IncidentNoticeResult {
  std::vector<Notification> notifications;  // drafted or extended, one per recipient
  std::vector<SkippedAddress> skipped;
};

// At most this many addresses of one incident are listed (the rest are logged as skipped).
inline constexpr size_t kMaxIncidentNoticeAddresses = 100;

// Validates `request` (kInvalid: unknown kind or language, a `to` that is no mail address,
// both `to` and `contact_id`); kNotFound for an unknown incident or contact; kForbidden for a
// TLP:RED incident (logged, nothing drafted); kInvalid when the incident's reports name no
// external address. Each drafted notice is logged on the incident by DraftNotice, and the
// request itself as one entry by `responder`.
Result<IncidentNoticeResult> DraftIncidentNotices(Store& store, const CoordinationOptions& options,
                                                  int64_t incident_id,
                                                  const IncidentNoticeRequest& request,
                                                  const std::string& responder, Timestamp now);

}  // namespace hikeshi::server
