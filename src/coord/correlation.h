// Correlation: which earlier reports a new report belongs with, by explainable rules. Pure logic:
// the caller fetches the candidates (reports sharing one of CorrelationKeys() within the window)
// and applies the outcome (attach, open an incident, record the links). doc/coordination.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.h"

namespace hikeshi::coord {

// Why two reports were joined. Stable names (ToString) are stored with every link.
enum class LinkRule {
  kSameSource,         // "same-source": the same source address
  kSameUrl,            // "same-url"
  kSameCampaign,       // "same-campaign": same subject fingerprint (phishing, malware)
  kSameDomain,         // "same-domain": same registrable domain
  kSameNetblock,       // "same-netblock": source addresses in the same /24 (IPv4) or /64 (IPv6)
  kMultipleReporters,  // "multiple-reporters": ≥ N reporters saw attacks from one source
};
std::string_view ToString(LinkRule rule);

struct CorrelationOptions {
  std::chrono::microseconds window = std::chrono::hours(24 * 7);  // |Δ received_at| ≤ window
  int ipv4_prefix = 24;
  int ipv6_prefix = 64;
  int min_reporters = 2;        // distinct reporters that make a source "likely compromised"
  size_t max_keys = 16;         // CorrelationKeys() returns at most this many
  size_t max_candidates = 200;  // candidates beyond this are ignored (bounded work per report)
  size_t max_targets = 100;     // probed targets recorded per incident
};

// One reason a report joined others: the rule, the value they share, the reports it joined.
struct Link {
  LinkRule rule = LinkRule::kSameSource;
  std::string key;                  // "203.0.113.5", "203.0.113.0/24", "example.com", …
  std::vector<int64_t> report_ids;  // the new report first, then the earlier ones, ascending
};

struct CorrelationOutcome {
  // The existing incident the report joins (the strongest rule's newest incident), if any.
  std::optional<int64_t> join_incident;
  // Set by the multiple-reporters rule: this source is likely compromised. When join_incident
  // is empty a new incident is to be opened for it.
  std::optional<std::string> compromised_source;
  std::vector<std::string> probed_targets;  // addresses the compromised source probed
  std::vector<int64_t> reports_to_attach;   // reports not yet in an incident that belong to it
  std::vector<Link> links;
};

// The values to look earlier reports up by: source addresses, URLs, registrable domains, and the
// IPv4 /24 prefix text ("203.0.113.") of each address. At most options.max_keys.
std::vector<std::string> CorrelationKeys(const Report& report, const CorrelationOptions& options);

// Joins `report` (already stored: it has an id) with `candidates` (any order; the report itself
// and reports outside the window are ignored).
CorrelationOutcome Correlate(const Report& report, std::span<const Report> candidates,
                             const CorrelationOptions& options);

// Lowercase subject without reply/forward prefixes, tags in brackets, digits and extra spaces:
// "Re: [SPAM] Your account 12345 is locked" → "your account is locked". "" when too short to
// identify a campaign (under 12 bytes).
std::string SubjectFingerprint(std::string_view subject);

// Whether `category` names an attack seen from a source (scan, intrusion, DoS): the reports the
// multiple-reporters rule counts.
bool IsAttackFromSource(const Report& report);

// The addresses a report accuses: IPv4/IPv6 observables that are not private, loopback,
// link-local, multicast, CGNAT or reserved (documentation addresses count: tests and training).
std::vector<std::string> SourceAddresses(const Report& report);

}  // namespace hikeshi::coord
