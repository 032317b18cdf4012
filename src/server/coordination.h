// Coordination after a report is stored (doc/coordination.md): replies to our notices are
// threaded back; other reports are correlated with earlier ones (coord/correlation.h), joined
// to incidents or opening "source likely compromised" ones, every link recorded; and notices
// are drafted, aggregated per recipient and period, for the owners of a compromised source and
// the targets it probed. Bounded work per report: at most CorrelationOptions::max_keys store
// queries of at most 50 reports each.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coord/correlation.h"
#include "coord/smtp_transport.h"
#include "core/category.h"
#include "core/ownership.h"
#include "core/report.h"
#include "store/store.h"

namespace hikeshi::server {

// The abuse-desk policy for one category ([[policy]] in the configuration).
struct CategoryPolicy {
  Category category = Category::kOther;
  std::string action;      // recommended action, shown in the notice and logged as the decision
  bool automatic = false;  // send without a responder's approval
};

struct NotifyOptions {
  bool enabled = true;                   // draft notices at all
  std::string from = "csirt@localhost";  // our address: From, envelope sender, Message-IDs
  std::string team = "Hikeshi CSIRT";    // who signs
  std::string cc;                        // e.g. the coordination centre; "" = none
  std::chrono::minutes period{60};       // one draft per recipient and kind per period
  bool warn_targets = true;              // warn the targets a compromised source probed
  std::vector<CategoryPolicy> policies;  // categories not listed: approval, no action text
  int max_attempts = 8;                  // delivery attempts before giving up
  std::chrono::seconds first_retry{60};  // doubled after every failure, up to max_retry
  std::chrono::seconds max_retry{6 * 3600};
};

struct CoordinationOptions {
  bool enabled = true;
  coord::CorrelationOptions correlation;
  NotifyOptions notify;
  // Who owns an address (serve: the configured rows, then the imported ownership index). Null
  // means no recipients can be resolved, so nothing is drafted. Not owned; must outlive users.
  const OwnershipLookup* ownership = nullptr;
  // How approved notices leave (POST /notifications/{id}/send; the outbox uses its own).
  coord::MailTransport* transport = nullptr;
  // How long send-now claims the notification (Store::ClaimNotification): the outbox's lease
  // for the same SMTP timeout (server::ClaimLease), so a hung send-now is not cut short.
  std::chrono::milliseconds claim_lease{std::chrono::minutes(3)};
};

struct CoordinationResult {
  std::optional<int64_t> incident_id;  // the incident the report joined or opened
  bool opened = false;
  std::vector<int64_t> notifications;  // drafted or extended
  std::optional<int64_t> reply_to;     // the notification this report answers
};

// Runs coordination for a stored, triaged `report`. Errors are the store's; the report itself
// is never lost (it is stored before this runs).
Result<CoordinationResult> CoordinateReport(Store& store, const Report& report,
                                            const CoordinationOptions& options, Timestamp now);

// The policy for `category` (a default one when none is configured).
CategoryPolicy PolicyFor(const NotifyOptions& options, Category category);

}  // namespace hikeshi::server
