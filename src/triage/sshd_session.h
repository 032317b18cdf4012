// What one sshd line means can depend on the line before it from the same sshd process, as
// fail2ban's multi-line sshd filter knows (`mlfid` per pid): a failure sshd logs without the
// client address ("User root not allowed because account is locked", "Disconnecting: Too many
// authentication failures", "input_userauth_request: invalid user") is attributed by the
// disconnect that follows; and with several PAM modules, a PAM failure is a failed attempt only
// once the same connection goes on with another user name (a PAM failure then "Accepted" for the
// same user is the first module refusing and the second accepting).
//
// SshdSessionContext sees a file's sshd events in order, per (host, pid), and marks the line
// that completes such a failure with the field `session_failure` = `true` (adding the session's
// client address as src_ip/src_host when the line itself has none):
//  - "Disconnecting: Too many authentication failures" counts when nothing in the session
//    counted yet (e.g. only public-key probes), on that line when the session's address is
//    known, else on the next disconnect or close that names the client;
//  - a refusal logged without address (not-allowed, invalid-user) counts on the next disconnect
//    or close that names the client, unless the session already counted a failure;
//  - a PAM failure inside sshd, followed by a PAM failure or an "Accepted" for another user.
// A session ends at a close or disconnect. The lines that count on their own (failure,
// invalid-user, max-attempts, not-allowed, refused with an address; not public-key probes of
// valid users; not sshd's PAM lines) mark the session as counted, mirroring the built-in rule
// "SSH authentication failure". One slot per (host, pid) in a fixed table (a collision
// forgets; no allocation except an address added to a line). Per reader, not shared; a
// parallel chunk starts with an empty context, so a sequence cut by a chunk boundary (2 MiB by
// default) is not joined.
#pragma once

#include <array>
#include <cstdint>

#include "triage/event.h"

namespace hikeshi::triage {

class SshdSessionContext {
 public:
  // `event` is a parsed line of a program starting with "sshd" (fields already extracted).
  void Observe(Event& event);

 private:
  struct Slot {
    uint64_t key = 0;       // hash of host and pid; 0 = empty
    uint64_t pam_user = 0;  // hash of the pending PAM failure's user
    bool counted = false;   // a failure of this session was counted
    bool pending_no_address = false;
    bool pending_pam = false;
    bool address_is_ip = false;
    uint8_t address_size = 0;
    std::array<char, 64> address{};  // the session's client, when it fits
  };
  static constexpr size_t kSlots = 256;
  std::array<Slot, kSlots> slots_{};
};

}  // namespace hikeshi::triage
