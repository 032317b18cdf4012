// Notifications through their states (doc/coordination.md): draft → approved → sent →
// replied → resolved, or refused (TLP:RED). Drafting aggregates per recipient, kind and period;
// approval and delivery re-check TLP; delivery retries with exponential backoff. Every step is
// recorded in the work log of each incident the notice covers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coord/notice.h"
#include "coord/recipient_choice.h"
#include "coord/smtp_transport.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

// Adds `item` to the open draft for (recipient, kind, period of `now`), or opens one, and
// renders it again. Automatic policies approve it at once (approver "policy:<category>").
// kForbidden when an incident is TLP:RED (nothing drafted, the refusal logged). With `chosen`
// (server/recipients.h) a new draft takes its Cc list, source and PGP fingerprint and the work
// log says why; without, the Cc is options.cc and no source is recorded.
Result<Notification> DraftNotice(Store& store, const NotifyOptions& options,
                                 const std::string& kind, const std::string& recipient,
                                 const std::string& language, Category category,
                                 const coord::NoticeItem& item, Timestamp now,
                                 const coord::RecipientChoice* chosen = nullptr);

// draft → approved by `approver`, logged as a decision with the policy's recommended action.
// kConflict from any other state; kForbidden (and state refused) if an incident is TLP:RED.
Result<Notification> ApproveNotification(Store& store, const NotifyOptions& options, int64_t id,
                                         const std::string& approver, Timestamp now);

// One delivery attempt of an approved notification through `transport`: sent, or the failure
// recorded and the next attempt scheduled (first_retry · 2^(attempts-1), at most max_retry;
// none after max_attempts). The caller has claimed it (Store::ClaimDueNotifications or
// Store::ClaimNotification); saving the outcome clears the claim. Returns the notification as
// stored afterwards.
Result<Notification> DeliverNotification(Store& store, const NotifyOptions& options,
                                         coord::MailTransport& transport, int64_t id,
                                         Timestamp now);

// The MIME bytes of a notification as it is sent.
Result<std::string> NotificationMime(const NotifyOptions& options, const Notification& n,
                                     Timestamp now);

// A reply to one of our notices: sent → replied, or → resolved when it says fixed and comes
// from the recipient. Logged on each incident.
Result<Notification> RecordReply(Store& store, const Notification& notification,
                                 const Report& reply, Timestamp now);

}  // namespace hikeshi::server
