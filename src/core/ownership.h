// Ownership: who holds an address or domain and whom to tell about abuse from it, as the offline
// ownership index (src/coord, issue 4) answers it. Coordination code depends only on the
// OwnershipLookup interface so tests can use a small table and `serve` the imported index.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hikeshi {

struct Ownership {
  std::string netblock;  // most specific match, "192.0.2.0/24" or "2001:db8::/32"; "AS64500"
                         // when an AS number was asked
  std::string as_name;   // an AS number's answer: the aut-num's as-name; else empty
  std::string owner;     // org-name, else the first descr line (APNIC style), else netname
  std::string country;   // ISO 3166-1 alpha-2, upper case; empty when unknown
  std::vector<std::string> abuse_mailboxes;  // in the order the source lists them
  std::string language;        // preferred notice language from the constituency file, else empty
  std::string source;          // "constituency", "ripe", "apnic", …, "delegated"
  std::string national_csirt;  // the country's national CSIRT point of contact (mail), if known
  bool constituent = false;    // matched our own constituency file (a customer / member)
};

class OwnershipLookup {
 public:
  virtual ~OwnershipLookup() = default;
  // `query` is a normalised IPv4/IPv6 address, a domain name or an AS number ("AS64500").
  // std::nullopt when nothing matches.
  virtual std::optional<Ownership> Lookup(std::string_view query) const = 0;
};

}  // namespace hikeshi
