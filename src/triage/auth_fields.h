// Fields from authentication messages inside syslog: OpenSSH's sshd and PAM. Pure functions of
// the message text (the syslog MSG part, after "prog[pid]: ").
//
// Fields added (only those the line carries):
//   user         the account name as the client gave it (may be empty for "Invalid user  from")
//   src_ip       the client address when it is an IP literal; otherwise
//   src_host     the client name (sshd with UseDNS, PAM rhost=)
//   src_port     the client port
//   dst_ip, dst_port   the local end ("Connection from A port P on B port Q")
//   auth_method  password, publickey, keyboard-interactive/pam, hostbased, none, pam
//   outcome      failure, success, invalid-user, not-allowed, refused, max-attempts,
//                too-many-failures, no-identification, bad-protocol, negotiation-failed,
//                timeout, protocol-error, closed, reset, disconnected, connection, postponed,
//                reverse-mapping-failed, session-opened, session-closed
//   preauth      "true" when sshd tagged the line [preauth]
//   user_invalid "true" for "Failed … for invalid user X" and "<invalid username>"
//   attempts     N of "PAM N more authentication failures"
//   repeated     N of rsyslog's "message repeated N times: [ … ]" (the inner line is parsed)
// An IPv4-mapped IPv6 client ("::ffff:192.0.2.1") is reported as the IPv4 address.
//
// Client-controlled text (user names, protocol banners) can contain " from 1.2.3.4"; the address
// is taken from the position sshd's own format puts it, so such injections do not move src_ip
// (the fail2ban test cases cover them).
#pragma once

#include <string_view>

#include "triage/event.h"

namespace hikeshi::triage {

// Returns true when `message` is an sshd line it recognises (fields were added).
bool ExtractSshdFields(std::string_view message, Event& event);

// "…: authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root"
// from any program (sshd, su, login, ftpd via pam_unix): outcome failure, auth_method pam, user
// from user= (else ruser=), src_ip or src_host from rhost=. Returns true when recognised.
bool ExtractPamFailureFields(std::string_view message, Event& event);

}  // namespace hikeshi::triage
