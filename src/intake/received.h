// The Received chain of a message (RFC 5321 §4.4 trace fields) as hops, and the choice of the
// accused source address of a reported message: the first hop that is not the reporter's own
// infrastructure. See doc/mail_intake.md, "Received chain".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "intake/mail.h"

namespace hikeshi::intake {

struct ReceivedHop {
  std::string from_host;  // the HELO/EHLO name after "from", lowercase; may be empty
  std::string from_rdns;  // the name the receiver looked up, "(rdns [ip])", lowercase
  std::string from_ip;    // the connecting address as written (IPv4 or IPv6); may be empty
  std::string by_host;    // the receiving host after "by", lowercase
  std::optional<Timestamp> timestamp;  // the date after the last ';', UTC
  std::string raw;                     // the unfolded header value
};

// Hops in header order: index 0 is the topmost header, i.e. the last relay (closest to the
// recipient). Hops without "from" and "by" still appear, with empty fields.
std::vector<ReceivedHop> ParseReceivedChain(const ParsedMail& mail);
ReceivedHop ParseReceived(std::string_view value);

struct SourceOptions {
  // Hosts and domains of the reporter's own relays (lowercase, matched as a suffix on a label
  // boundary, e.g. "mx.example.net" or "example.net"), skipped when met at the top of the chain.
  std::vector<std::string> trusted_hosts;
};

struct AccusedSource {
  std::string ip;
  std::size_t hop_index = 0;  // into ParseReceivedChain's result
  std::string reason;         // why this hop was chosen, for the analyst
};

// Walks the chain from the top (the recipient's side) towards the origin and returns the first
// hop whose connecting address is public and not the reporter's own relay. nullopt when no hop
// qualifies. The heuristic is documented in doc/mail_intake.md.
std::optional<AccusedSource> PickAccusedSource(const std::vector<ReceivedHop>& hops,
                                               const SourceOptions& options = {});

// True for addresses that can never be an accused Internet source: loopback, RFC 1918,
// link-local, CGNAT, unspecified, ULA (fc00::/7) and IPv6 link-local.
bool IsPrivateAddress(std::string_view ip);

}  // namespace hikeshi::intake
