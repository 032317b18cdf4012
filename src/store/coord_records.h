// What the coordination layer keeps (schema version 4, doc/schema.md, doc/coordination.md):
// the links correlation made between reports and incidents, and the notifications drafted for
// the people who must be told. Contacts use core/contact.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/contact.h"
#include "core/time.h"

namespace hikeshi {

// One correlation decision: `rule` joined `report_ids` into `incident_id` because they share
// `key`. Append-only, like the work log.
struct IncidentLink {
  int64_t id = 0;
  int64_t incident_id = 0;
  std::string rule;  // coord::LinkRule name: "same-source", "multiple-reporters", …
  std::string key;   // the shared value
  std::vector<int64_t> report_ids;  // the report that triggered the rule first
  Timestamp at;
};

// One mail to one recipient: aggregated per (recipient, kind, period) while a draft.
struct Notification {
  int64_t id = 0;               // the ticket number in the subject tag "[hikeshi #id]"
  std::string kind = "abuse";   // "abuse" (the source's owner) or "warning" (a probed target)
  std::string state = "draft";  // draft, approved, sent, replied, resolved, refused
  std::string category;         // core Category name: picks the template and the policy
  std::string recipient;        // one mail address
  std::string cc;               // "" or one address (the coordination centre)
  std::string language = "en";  // "ja" or "en"
  std::string subject;
  std::string body;        // text/plain, UTF-8
  std::string attachment;  // X-ARF v4 JSON; "" when none
  std::string items;       // JSON array: the addresses and evidence the body lists
  std::vector<int64_t> incident_ids;
  std::string period;       // aggregation period key, e.g. "2026-11-25T01"
  std::string message_id;   // our Message-ID (without <>), fixed when first drafted
  std::string approved_by;  // user name, or "policy:<category>" for automatic sending
  int64_t attempts = 0;     // delivery attempts so far
  std::optional<Timestamp> next_attempt_at;  // approved: when the outbox tries next
  std::string last_error;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> sent_at;
  int64_t version = 1;  // SaveNotification refuses a stale version (kConflict)
  // Set by a claim (Store::ClaimDueNotifications, Store::ClaimNotification): the end of the
  // claiming server's lease; absent or past when nobody is delivering it. The deliverer clears it
  // when it saves the outcome.
  std::optional<Timestamp> claimed_until;
  // Which source chose the recipient (doc/coordination.md, "Choosing recipients"):
  // "contact-directory", "constituency", "rpsl", "delegated", "national-csirt"; "" = not recorded.
  std::string recipient_source;
  // The chosen directory contact's PGP fingerprint, carried for the responder; mail is not
  // encrypted with it yet.
  std::string pgp_fingerprint;
};

// Filters are ANDed; absent ones match everything. Newest first, at most `limit`.
struct NotificationQuery {
  std::optional<int64_t> incident_id;
  std::optional<std::string> state;
  std::optional<std::string> recipient;
  std::optional<std::string> kind;
  std::optional<std::string> period;
  std::optional<std::string> message_id;
  // State approved, next_attempt_at ≤ due_by and no claim live at due_by, oldest first.
  std::optional<Timestamp> due_by;
  int limit = 50;
};

// Every column of the notifications table, in the order both stores read and write them.
inline constexpr std::string_view kNotificationColumns =
    "id, kind, state, category, recipient, cc, language, subject, body, attachment, items, "
    "period, message_id, approved_by, attempts, next_attempt_at, last_error, created_at, "
    "updated_at, sent_at, version, claimed_until, recipient_source, pgp_fingerprint";

// Stable names of core ContactKind ("internal", "network-owner", "vendor", "authority",
// "coordination-centre", "peer-csirt", "reporter"), stored and used by the API.
std::string_view ContactKindName(ContactKind kind);
std::optional<ContactKind> ParseContactKind(std::string_view name);

}  // namespace hikeshi
