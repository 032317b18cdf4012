// The contact directory as recipient resolution reads it (doc/coordination.md, "Choosing
// recipients"): the contacts that cover networks (longest prefix wins across contacts) or
// domains (the longest matching parent wins), and the coordination centres and peer CSIRTs of
// each country. Built from the store's contacts for one drafting pass; pure, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coord/ip_range.h"
#include "core/contact.h"
#include "core/error.h"

namespace hikeshi::coord {

// Normalises a contact's coverage in place: networks to CIDR text ("192.0.2.0/24"; a single
// address becomes /32 or /128), AS numbers to "AS64500", domains to lower case without a
// trailing dot; duplicates removed. kInvalid names the first bad entry; kTooLarge past 1,000
// entries of one kind.
Status NormaliseCoverage(Contact& contact);

struct DirectoryMatch {
  const Contact* contact = nullptr;
  std::string covered_by;  // the network or domain that matched: "192.0.2.0/25", "example.net"
};

class ContactDirectory {
 public:
  // Contacts without a mail address are ignored; coverage that does not parse is skipped (the
  // API and CLI refuse it on the way in, NormaliseCoverage).
  explicit ContactDirectory(std::vector<Contact> contacts);

  // The contact covering an IPv4/IPv6 address (most specific network) or a domain (most
  // specific domain, the domain itself or a parent); on a tie the lowest contact id wins.
  std::optional<DirectoryMatch> Covering(std::string_view query) const;

  // Coordination centres first, then peer CSIRTs, of `country` (ISO alpha-2, any case), each in
  // id order. Empty when the country is empty or unknown.
  std::vector<const Contact*> ForCountry(std::string_view country) const;

  size_t size() const { return contacts_.size(); }

 private:
  struct Network {
    IpPrefix prefix;
    size_t contact = 0;
  };
  struct Domain {
    std::string name;
    size_t contact = 0;
  };
  std::vector<Contact> contacts_;  // by id
  std::vector<Network> networks_;
  std::vector<Domain> domains_;
};

}  // namespace hikeshi::coord
