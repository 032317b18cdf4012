#include "coord/correlation.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/ascii.h"

namespace hikeshi::coord {
namespace {

constexpr uint32_t kNotASource = static_cast<uint32_t>(ObservableFlag::kPrivate) |
                                 static_cast<uint32_t>(ObservableFlag::kLoopback) |
                                 static_cast<uint32_t>(ObservableFlag::kLinkLocal) |
                                 static_cast<uint32_t>(ObservableFlag::kMulticast) |
                                 static_cast<uint32_t>(ObservableFlag::kCgnat) |
                                 static_cast<uint32_t>(ObservableFlag::kReserved);

bool IsAddress(const Observable& observable) {
  return observable.kind == ObservableKind::kIpv4 || observable.kind == ObservableKind::kIpv6;
}

// "203.0.113.0/24" or "2001:db8:1:2::/64" for `address`; "" when it does not parse.
std::string Netblock(std::string_view address, const CorrelationOptions& options) {
  std::string text(address.substr(0, 64));
  std::array<unsigned char, 16> bytes{};
  int family = text.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (inet_pton(family, text.c_str(), bytes.data()) != 1) return "";
  int prefix = family == AF_INET ? std::clamp(options.ipv4_prefix, 0, 32)
                                 : std::clamp(options.ipv6_prefix, 0, 128);
  size_t length = family == AF_INET ? 4 : 16;
  for (size_t i = 0; i < length; ++i) {
    int keep = std::clamp(prefix - static_cast<int>(i * 8), 0, 8);
    bytes[i] &= static_cast<unsigned char>(0xff00 >> keep);
  }
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (inet_ntop(family, bytes.data(), out.data(), out.size()) == nullptr) return "";
  return fmt::format("{}/{}", out.data(), prefix);
}

bool Within(const Report& a, const Report& b, std::chrono::microseconds window) {
  auto delta = a.received_at - b.received_at;
  return delta <= window && -delta <= window;
}

std::set<std::string> ValuesOf(const Report& report, ObservableKind kind) {
  std::set<std::string> values;
  for (const Observable& observable : report.observables) {
    if (observable.kind == kind) values.insert(observable.value);
  }
  return values;
}

std::set<std::string> RegistrableDomains(const Report& report) {
  std::set<std::string> domains;
  for (const Observable& observable : report.observables) {
    if ((observable.kind == ObservableKind::kDomain || observable.kind == ObservableKind::kUrl) &&
        !observable.registrable_domain.empty() && !observable.Has(ObservableFlag::kReservedTld)) {
      domains.insert(observable.registrable_domain);
    }
  }
  return domains;
}

bool IsCampaignCategory(const Report& report) {
  return report.category == Category::kPhishing || report.category == Category::kMalwareSite ||
         report.category == Category::kTargetedAttack;
}

// Adds `candidate` to the link for (rule, key), creating it with the report first.
void AddLink(std::map<std::pair<LinkRule, std::string>, Link>& links, LinkRule rule,
             const std::string& key, int64_t report_id, int64_t candidate_id) {
  auto [it, inserted] = links.try_emplace({rule, key});
  if (inserted) it->second = Link{rule, key, {report_id}};
  it->second.report_ids.push_back(candidate_id);
}

}  // namespace

std::string_view ToString(LinkRule rule) {
  switch (rule) {
    case LinkRule::kSameSource:
      return "same-source";
    case LinkRule::kSameUrl:
      return "same-url";
    case LinkRule::kSameCampaign:
      return "same-campaign";
    case LinkRule::kSameDomain:
      return "same-domain";
    case LinkRule::kSameNetblock:
      return "same-netblock";
    case LinkRule::kMultipleReporters:
      return "multiple-reporters";
  }
  return "unknown";
}

bool IsAttackFromSource(const Report& report) {
  return report.category == Category::kScan || report.category == Category::kIntrusion ||
         report.category == Category::kDos;
}

std::vector<std::string> SourceAddresses(const Report& report) {
  std::vector<std::string> addresses;
  for (const Observable& observable : report.observables) {
    if (!IsAddress(observable) || (observable.flags & kNotASource) != 0) continue;
    if (std::find(addresses.begin(), addresses.end(), observable.value) == addresses.end()) {
      addresses.push_back(observable.value);
    }
  }
  return addresses;
}

std::string SubjectFingerprint(std::string_view subject) {
  std::string_view rest = subject.substr(0, 1000);
  // Strip "Re:", "Fwd:", "Fw:", "AW:", "[tag]" prefixes repeatedly.
  while (true) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    std::string lower = AsciiLower(rest.substr(0, 5));
    if (lower.starts_with("re:") || lower.starts_with("fw:") || lower.starts_with("aw:")) {
      rest.remove_prefix(3);
    } else if (lower.starts_with("fwd:")) {
      rest.remove_prefix(4);
    } else if (!rest.empty() && rest.front() == '[' && rest.find(']') != std::string_view::npos) {
      rest.remove_prefix(rest.find(']') + 1);
    } else {
      break;
    }
  }
  std::string out;
  bool space = false;
  for (char c : rest) {
    if (c >= '0' && c <= '9') continue;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(AsciiLower(c));
  }
  return out.size() < 12 ? "" : out;
}

std::vector<std::string> CorrelationKeys(const Report& report, const CorrelationOptions& options) {
  std::vector<std::string> keys;
  auto add = [&](std::string key) {
    if (key.empty() || keys.size() >= options.max_keys) return;
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  };
  std::vector<std::string> addresses = SourceAddresses(report);
  for (const std::string& address : addresses) add(address);
  for (const std::string& url : ValuesOf(report, ObservableKind::kUrl)) add(url);
  for (const std::string& domain : RegistrableDomains(report)) add(domain);
  // The /24 as text: finds neighbours by the store's text match (IPv4 only).
  for (const std::string& address : addresses) {
    if (address.find(':') != std::string::npos) continue;
    size_t last_dot = address.rfind('.');
    if (last_dot != std::string::npos) add(address.substr(0, last_dot + 1));
  }
  return keys;
}

CorrelationOutcome Correlate(const Report& report, std::span<const Report> candidates,
                             const CorrelationOptions& options) {
  CorrelationOutcome outcome;
  std::vector<const Report*> peers;
  for (const Report& candidate :
       candidates.first(std::min(candidates.size(), options.max_candidates))) {
    if (candidate.id == report.id || candidate.status == ReportStatus::kDuplicate) continue;
    if (!Within(report, candidate, options.window)) continue;
    peers.push_back(&candidate);
  }
  std::sort(peers.begin(), peers.end(), [](auto* a, auto* b) { return a->id < b->id; });
  peers.erase(
      std::unique(peers.begin(), peers.end(), [](auto* a, auto* b) { return a->id == b->id; }),
      peers.end());

  std::vector<std::string> sources = SourceAddresses(report);
  std::set<std::string> urls = ValuesOf(report, ObservableKind::kUrl);
  std::set<std::string> domains = RegistrableDomains(report);
  std::string fingerprint = IsCampaignCategory(report) ? SubjectFingerprint(report.subject) : "";
  std::map<std::pair<LinkRule, std::string>, Link> links;
  // Strongest rule that joined each incident (lower enum value = stronger), newest incident wins.
  std::optional<std::pair<LinkRule, int64_t>> best;
  auto consider = [&](LinkRule rule, const Report& peer) {
    if (!peer.incident_id) return;
    std::pair<LinkRule, int64_t> mine{rule, -*peer.incident_id};
    if (!best || mine < *best) best = mine;
  };

  for (const Report* peer : peers) {
    std::vector<std::string> peer_sources = SourceAddresses(*peer);
    for (const std::string& source : sources) {
      if (std::find(peer_sources.begin(), peer_sources.end(), source) != peer_sources.end()) {
        AddLink(links, LinkRule::kSameSource, source, report.id, peer->id);
        consider(LinkRule::kSameSource, *peer);
        continue;
      }
      std::string block = Netblock(source, options);
      for (const std::string& peer_source : peer_sources) {
        if (!block.empty() && Netblock(peer_source, options) == block) {
          AddLink(links, LinkRule::kSameNetblock, block, report.id, peer->id);
          consider(LinkRule::kSameNetblock, *peer);
          break;
        }
      }
    }
    for (const std::string& url : ValuesOf(*peer, ObservableKind::kUrl)) {
      if (urls.contains(url)) {
        AddLink(links, LinkRule::kSameUrl, url, report.id, peer->id);
        consider(LinkRule::kSameUrl, *peer);
      }
    }
    for (const std::string& domain : RegistrableDomains(*peer)) {
      if (domains.contains(domain)) {
        AddLink(links, LinkRule::kSameDomain, domain, report.id, peer->id);
        consider(LinkRule::kSameDomain, *peer);
      }
    }
    if (!fingerprint.empty() && IsCampaignCategory(*peer) &&
        SubjectFingerprint(peer->subject) == fingerprint) {
      AddLink(links, LinkRule::kSameCampaign, fingerprint, report.id, peer->id);
      consider(LinkRule::kSameCampaign, *peer);
    }
  }
  if (best) outcome.join_incident = -best->second;

  // Multiple independent reporters: distinct reporters of attacks from one source. A report
  // triage left needs-info is evidence, not grounds for a notice to a third party: it joins
  // incidents through the rules above but neither triggers nor counts as a reporter here.
  if (IsAttackFromSource(report) && report.status != ReportStatus::kNeedsInfo) {
    for (const std::string& source : sources) {
      std::set<std::string> reporters;
      if (!report.reporter.empty()) reporters.insert(AsciiLower(report.reporter));
      std::vector<const Report*> contributing;
      for (const Report* peer : peers) {
        if (!IsAttackFromSource(*peer) || peer->reporter.empty() ||
            peer->status == ReportStatus::kNeedsInfo) {
          continue;
        }
        std::vector<std::string> peer_sources = SourceAddresses(*peer);
        if (std::find(peer_sources.begin(), peer_sources.end(), source) == peer_sources.end()) {
          continue;
        }
        reporters.insert(AsciiLower(peer->reporter));
        contributing.push_back(peer);
      }
      if (static_cast<int>(reporters.size()) < options.min_reporters) continue;
      outcome.compromised_source = source;
      Link link{LinkRule::kMultipleReporters, source, {report.id}};
      std::set<std::string> targets;
      auto add_targets = [&](const Report& from) {
        for (const Observable& observable : from.observables) {
          if (IsAddress(observable) && observable.value != source &&
              targets.size() < options.max_targets) {
            targets.insert(observable.value);
          }
        }
      };
      add_targets(report);
      std::optional<int64_t> existing;
      for (const Report* peer : contributing) {
        link.report_ids.push_back(peer->id);
        add_targets(*peer);
        if (peer->incident_id) {
          existing = std::max(existing.value_or(0), *peer->incident_id);
        } else {
          outcome.reports_to_attach.push_back(peer->id);
        }
      }
      outcome.probed_targets.assign(targets.begin(), targets.end());
      // The compromised-source incident takes precedence over weaker joins.
      outcome.join_incident = existing;
      links.insert_or_assign({LinkRule::kMultipleReporters, source}, std::move(link));
      break;  // one compromised source per report: the first listed
    }
  }
  for (auto& [key, link] : links) outcome.links.push_back(std::move(link));
  std::stable_sort(outcome.links.begin(), outcome.links.end(),
                   [](const Link& a, const Link& b) { return a.rule < b.rule; });
  return outcome;
}

}  // namespace hikeshi::coord
