// Contact: someone the team may have to tell — internal escalation, a network owner's abuse desk,
// a vendor, an authority, a coordination centre or a peer CSIRT.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hikeshi {

enum class ContactKind {
  kInternal,      // management, PR, legal, system owners
  kNetworkOwner,  // abuse desk of a network or hosting provider
  kVendor,
  kAuthority,           // police, regulator, ministry
  kCoordinationCentre,  // e.g. JPCERT/CC
  kPeerCsirt,
  kReporter,
};

struct Contact {
  int64_t id = 0;
  std::string name;
  std::string organisation;
  ContactKind kind = ContactKind::kNetworkOwner;
  std::vector<std::string> emails;
  std::string language = "en";  // preferred language for notifications: "ja" or "en"
  std::string country;          // ISO 3166-1 alpha-2, empty when unknown
  std::string pgp_fingerprint;  // hex, empty when none
  std::string notes;
  // What the contact covers (doc/coordination.md, "Choosing recipients"): a notice about an
  // address in one of `networks` (CIDR, IPv4 or IPv6; longest prefix wins across contacts) or a
  // domain equal to or under one of `domains` goes to this contact rather than to the RPSL
  // abuse mailbox. `asns` ("AS64500") are stored and shown; no address-to-AS mapping uses them yet.
  std::vector<std::string> networks;
  std::vector<std::string> asns;
  std::vector<std::string> domains;
};

}  // namespace hikeshi
