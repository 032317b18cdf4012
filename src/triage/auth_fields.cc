#include "triage/auth_fields.h"

#include "triage/text_scan.h"

namespace hikeshi::triage {
namespace {

using std::string_view;

void Add(Event& event, string_view name, string_view value) {
  event.fields.push_back({name, value});
}

void AddAddress(Event& event, string_view address) {
  if (address.empty()) return;
  // "::ffff:192.0.2.1" is an IPv4 client on a dual-stack socket: report the IPv4 address.
  if (address.starts_with("::ffff:") && address.find('.') != string_view::npos &&
      LooksLikeIpAddress(address.substr(7))) {
    address.remove_prefix(7);
  }
  Add(event, LooksLikeIpAddress(address) ? "src_ip" : "src_host", address);
}

// The digits at the front of `text` ("58846:11:" -> "58846").
string_view LeadingDigits(string_view text) {
  size_t end = 0;
  while (end < text.size() && IsDigit(text[end])) ++end;
  return text.substr(0, end);
}

bool StripPreauth(string_view& text) {
  text = TrimSpaces(text);
  if (!text.ends_with("[preauth]")) return false;
  text.remove_suffix(9);
  text = TrimSpaces(text);
  return true;
}

// `text` ends with "ADDR" or "ADDR port N" (after StripPreauth); splits it into what comes before
// the address, the address and the port. False when there is nothing address-like at the end.
bool SplitTrailingAddress(string_view text, string_view& head, string_view& address,
                          string_view& port) {
  size_t port_at = text.rfind(" port ");
  if (port_at != string_view::npos && ParseUnsigned(text.substr(port_at + 6), 65535)) {
    port = text.substr(port_at + 6);
    text = text.substr(0, port_at);
  }
  size_t space = text.rfind(' ');
  address = space == string_view::npos ? text : text.substr(space + 1);
  head = space == string_view::npos ? string_view{} : text.substr(0, space);
  return !address.empty();
}

// `after` follows " from ": "ADDR[ port N[ sshV]][: info| [preauth]| via …]". Strict: what
// follows the address must be sshd's own continuation, so an injected " from X" earlier in a
// user name fails and the caller tries the next " from ".
bool MatchAddressTail(string_view after, string_view& address, string_view& port) {
  size_t space = after.find(' ');
  address = after.substr(0, space);
  if (address.empty()) return false;
  if (space == string_view::npos) return true;
  string_view rest = after.substr(space);
  if (!ConsumePrefix(rest, " port ")) {
    // Without a port only PAM's "from H via L" and a [preauth] tag may follow.
    return rest.starts_with(" via ") || rest == " [preauth]";
  }
  port = LeadingDigits(rest);
  if (port.empty()) return false;
  rest.remove_prefix(port.size());
  // Only sshd's protocol tag may follow, then the end, [preauth] or ": <auth info>".
  if (!ConsumePrefix(rest, " ssh2")) ConsumePrefix(rest, " ssh1");
  return rest.empty() || rest.front() == ':' || rest == " [preauth]";
}

// Finds the first " from " whose continuation is sshd's, for lines where user-controlled text
// precedes it. Sets user to the text before it.
bool FindFrom(string_view text, string_view& before, string_view& address, string_view& port) {
  size_t pos = 0;
  while ((pos = Find(text, " from ", pos)) != string_view::npos) {
    port = {};
    if (MatchAddressTail(text.substr(pos + 6), address, port)) {
      before = text.substr(0, pos);
      return true;
    }
    pos += 6;
  }
  // "…for user from 1.2.3.4" where the user is empty: the text starts with "from ".
  if (text.starts_with("from ")) {
    port = {};
    if (MatchAddressTail(text.substr(5), address, port)) {
      before = {};
      return true;
    }
  }
  return false;
}

void AddFromTail(Event& event, string_view text, bool with_user = true) {
  string_view user, address, port;
  if (!FindFrom(text, user, address, port)) return;
  if (with_user) Add(event, "user", user);
  AddAddress(event, address);
  if (!port.empty()) Add(event, "src_port", port);
}

// "Failed password for [invalid user ]USER from ADDR port N ssh2[: …]" and the Accepted /
// Postponed forms.
bool FailedOrAccepted(string_view text, string_view outcome, Event& event) {
  size_t for_at = Find(text, " for ");
  if (for_at == string_view::npos) return false;
  Add(event, "auth_method", text.substr(0, for_at));
  text.remove_prefix(for_at + 5);
  bool invalid = ConsumePrefix(text, "invalid user ") || ConsumePrefix(text, "illegal user ");
  Add(event, "outcome", outcome);
  if (invalid) Add(event, "user_invalid", "true");
  if (ConsumePrefix(text, "<invalid username> ")) {
    if (!invalid) Add(event, "user_invalid", "true");
    AddFromTail(event, text, false);
    return true;
  }
  AddFromTail(event, text);
  return true;
}

// "Connection closed by [authenticating user U |invalid user U ]ADDR [port N] [preauth]".
bool ClosedBy(string_view text, string_view outcome, Event& event) {
  Add(event, "outcome", outcome);
  string_view head, address, port;
  if (!SplitTrailingAddress(text, head, address, port)) return true;
  if (ConsumePrefix(head, "authenticating user ") || ConsumePrefix(head, "invalid user ") ||
      ConsumePrefix(head, "user ")) {
    Add(event, "user", head);
  } else if (head == "authenticating user" || head == "invalid user") {
    Add(event, "user", "");
  }
  AddAddress(event, address);
  if (!port.empty()) Add(event, "src_port", port);
  return true;
}

bool PamAuthentication(string_view text, Event& event) {
  // "authentication failure for U from H[ via L]" / "User not known … for illegal user U from H"
  string_view user, address, port;
  Add(event, "auth_method", "pam");
  Add(event, "outcome",
      Find(text, "illegal user") != string_view::npos ? "invalid-user" : "failure");
  size_t for_at = Find(text, " for ");
  if (for_at == string_view::npos) return true;
  text.remove_prefix(for_at + 5);
  ConsumePrefix(text, "illegal user ");
  if (FindFrom(text, user, address, port)) {
    Add(event, "user", user);
    AddAddress(event, address);
  }
  return true;
}

bool Dispatch(string_view text, Event& event) {
  if (ConsumePrefix(text, "Failed ")) return FailedOrAccepted(text, "failure", event);
  if (ConsumePrefix(text, "Accepted ")) return FailedOrAccepted(text, "success", event);
  if (ConsumePrefix(text, "Postponed ")) return FailedOrAccepted(text, "postponed", event);
  if (ConsumePrefix(text, "Invalid user ") || ConsumePrefix(text, "Illegal user ")) {
    Add(event, "outcome", "invalid-user");
    AddFromTail(event, text);
    return true;
  }
  if (ConsumePrefix(text, "input_userauth_request: invalid user ")) {
    Add(event, "outcome", "invalid-user");
    Add(event, "user", text);
    return true;
  }
  if (ConsumePrefix(text, "User ")) {
    size_t because = Find(text, " not allowed because ");
    if (because == string_view::npos) return false;
    Add(event, "outcome", "not-allowed");
    string_view who = text.substr(0, because);
    size_t from = who.rfind(" from ");
    Add(event, "user", who.substr(0, from));
    if (from != string_view::npos) AddAddress(event, who.substr(from + 6));
    return true;
  }
  if (ConsumePrefix(text, "ROOT LOGIN REFUSED FROM ")) {
    Add(event, "outcome", "refused");
    Add(event, "user", "root");
    string_view address = NextToken(text);
    AddAddress(event, address);
    if (ConsumePrefix(text, "port ")) Add(event, "src_port", LeadingDigits(text));
    return true;
  }
  if (ConsumePrefix(text, "refused connect from ")) {
    Add(event, "outcome", "refused");
    size_t open = text.rfind('(');
    if (open != string_view::npos && text.ends_with(")")) {
      AddAddress(event, text.substr(open + 1, text.size() - open - 2));
    }
    return true;
  }
  if (ConsumePrefix(text, "Did not receive identification string from ")) {
    Add(event, "outcome", "no-identification");
    AddAddress(event, NextToken(text));
    if (ConsumePrefix(text, "port ")) Add(event, "src_port", LeadingDigits(text));
    return true;
  }
  if (ConsumePrefix(text, "Bad protocol version identification ")) {
    Add(event, "outcome", "bad-protocol");
    string_view head, address, port;
    if (SplitTrailingAddress(text, head, address, port)) {
      AddAddress(event, address);
      if (!port.empty()) Add(event, "src_port", port);
    }
    return true;
  }
  if (ConsumePrefix(text, "Connection closed by ")) return ClosedBy(text, "closed", event);
  if (ConsumePrefix(text, "Connection reset by ")) return ClosedBy(text, "reset", event);
  if (ConsumePrefix(text, "Disconnected from ")) return ClosedBy(text, "disconnected", event);
  if (ConsumePrefix(text, "Disconnecting invalid user ")) {
    size_t colon = Find(text, ": ");
    // "…: Too many authentication failures" sums up failures already logged.
    bool too_many = colon != string_view::npos &&
                    text.substr(colon + 2).starts_with("Too many authentication failures");
    ClosedBy(text.substr(0, colon), too_many ? "too-many-failures" : "invalid-user", event);
    if (too_many) Add(event, "user_invalid", "true");
    auto user = event.Get("user");
    if (!user) {
      string_view head, address, port;
      if (SplitTrailingAddress(text.substr(0, colon), head, address, port))
        Add(event, "user", head);
    }
    return true;
  }
  if (ConsumePrefix(text, "Received disconnect from ")) {
    // "…: 3: com.jcraft.jsch.JSchException: Auth fail": the client gave up after a failed
    // authentication (reason 3, as fail2ban's sshd filter reads it).
    bool auth_fail =
        Find(text, ":3: ") != string_view::npos || Find(text, ": 3: ") != string_view::npos;
    auth_fail = auth_fail && text.ends_with(": Auth fail");
    Add(event, "outcome", auth_fail ? "failure" : "disconnected");
    string_view address = NextToken(text);
    if (address.ends_with(":")) address.remove_suffix(1);
    AddAddress(event, address);
    if (ConsumePrefix(text, "port ")) Add(event, "src_port", LeadingDigits(text));
    return true;
  }
  if (ConsumePrefix(text, "Disconnecting: Too many authentication failures")) {
    Add(event, "outcome", "too-many-failures");
    if (ConsumePrefix(text, " for ")) {
      ConsumePrefix(text, "invalid user ");
      Add(event, "user", text);
    }
    return true;
  }
  if (ConsumePrefix(text, "maximum authentication attempts exceeded for ")) {
    Add(event, "outcome", "max-attempts");
    if (ConsumePrefix(text, "invalid user ")) Add(event, "user_invalid", "true");
    AddFromTail(event, text);
    return true;
  }
  if (ConsumePrefix(text, "Connection from ")) {
    Add(event, "outcome", "connection");
    AddAddress(event, NextToken(text));
    if (ConsumePrefix(text, "port ")) Add(event, "src_port", NextToken(text));
    if (ConsumePrefix(text, "on ")) {
      Add(event, "dst_ip", NextToken(text));
      if (ConsumePrefix(text, "port ")) Add(event, "dst_port", NextToken(text));
    }
    return true;
  }
  if (ConsumePrefix(text, "Unable to negotiate")) {
    Add(event, "outcome", "negotiation-failed");
    if (ConsumePrefix(text, " with ")) {
      AddAddress(event, NextToken(text));
      if (ConsumePrefix(text, "port ")) Add(event, "src_port", LeadingDigits(text));
    }
    return true;
  }
  if (ConsumePrefix(text, "no matching ")) {
    Add(event, "outcome", "negotiation-failed");
    return true;
  }
  if (ConsumePrefix(text, "Timeout before authentication for ")) {
    Add(event, "outcome", "timeout");
    ConsumePrefix(text, "connection from ");
    AddAddress(event, NextToken(text));
    if (ConsumePrefix(text, "port ")) Add(event, "src_port", LeadingDigits(text));
    return true;
  }
  if (ConsumePrefix(text, "banner exchange: Connection from ") ||
      ConsumePrefix(text, "ssh_dispatch_run_fatal: Connection from ")) {
    bool banner = Find(event.message, "banner exchange") != string_view::npos;
    Add(event, "outcome", banner ? "bad-protocol" : "protocol-error");
    AddAddress(event, NextToken(text));
    if (ConsumePrefix(text, "port ")) Add(event, "src_port", LeadingDigits(text));
    return true;
  }
  if (ConsumePrefix(text, "kex_exchange_identification: ")) {
    bool invalid = text.starts_with("client sent invalid protocol identifier") ||
                   text.starts_with("banner line");
    Add(event, "outcome", invalid ? "bad-protocol" : "closed");
    return true;
  }
  if (ConsumePrefix(text, "reverse mapping checking getaddrinfo for ")) {
    Add(event, "outcome", "reverse-mapping-failed");
    size_t open = Find(text, " [");
    size_t close = text.find(']', open == string_view::npos ? 0 : open);
    if (open != string_view::npos && close != string_view::npos) {
      AddAddress(event, text.substr(open + 2, close - open - 2));
    }
    return true;
  }
  if (ConsumePrefix(text, "Address ")) {
    if (Find(text, " does not map back") == string_view::npos) return false;
    Add(event, "outcome", "reverse-mapping-failed");
    AddAddress(event, NextToken(text));
    return true;
  }
  if (ConsumePrefix(text, "PAM ")) {
    // "PAM 4 more authentication failures; logname= … rhost=… user=root"
    string_view count = LeadingDigits(text);
    if (count.empty()) return false;
    text.remove_prefix(count.size());
    if (!text.starts_with(" more authentication failure")) return false;
    Add(event, "attempts", count);
    return ExtractPamFailureFields(text, event);
  }
  if (ConsumePrefix(text, "PAM: ")) {
    if (Find(text, "uthentication failure") == string_view::npos &&
        Find(text, "uthentication error") == string_view::npos &&
        Find(text, "User not known") == string_view::npos) {
      return false;
    }
    return PamAuthentication(text, event);
  }
  if (text.starts_with("pam_")) {
    size_t colon = Find(text, "): ");
    if (colon == string_view::npos) return false;
    string_view rest = text.substr(colon + 3);
    if (rest.starts_with("authentication failure;")) {
      // sshd's own PAM conversation: sshd logs the attempt again ("Failed password …"), so
      // rules can tell this line apart (sshd_session.h decides when it counts on its own).
      Add(event, "pam_module", text.substr(0, text.find('(')));
      return ExtractPamFailureFields(rest, event);
    }
    if (ConsumePrefix(rest, "session opened for user ")) {
      Add(event, "outcome", "session-opened");
      Add(event, "user", NextToken(rest));
      return true;
    }
    if (ConsumePrefix(rest, "session closed for user ")) {
      Add(event, "outcome", "session-closed");
      Add(event, "user", NextToken(rest));
      return true;
    }
    return false;
  }
  if (text.starts_with("authentication failure;")) return ExtractPamFailureFields(text, event);
  return false;
}

}  // namespace

bool ExtractSshdFields(string_view message, Event& event) {
  string_view text = TrimSpaces(message);
  // Solaris prefixes "[ID 800047 auth.info] "; sshd itself prefixes "error: " / "fatal: ".
  if (text.starts_with("[ID ")) {
    size_t close = Find(text, "] ");
    if (close != string_view::npos) text.remove_prefix(close + 2);
  }
  // Some relays leave a kernel stamp in front: "kernel:[  970.699396]: Failed …".
  if (text.starts_with("kernel:[")) {
    size_t close = Find(text, "]: ");
    if (close != string_view::npos) text.remove_prefix(close + 3);
  }
  if (!ConsumePrefix(text, "error: ")) ConsumePrefix(text, "fatal: ");
  size_t before = event.fields.size();
  // rsyslog's "message repeated 5 times: [ Failed password for … ssh2]".
  if (ConsumePrefix(text, "message repeated ")) {
    string_view times = LeadingDigits(text);
    text.remove_prefix(times.size());
    if (!ConsumePrefix(text, " times: [") || !text.ends_with("]")) return false;
    text.remove_suffix(1);
    text = TrimSpaces(text);
    Add(event, "repeated", times);
  }
  bool preauth = StripPreauth(text);
  bool recognised = Dispatch(text, event);
  if (!recognised) {
    event.fields.resize(before);
    return false;
  }
  if (preauth) Add(event, "preauth", "true");
  return true;
}

bool ExtractPamFailureFields(string_view message, Event& event) {
  size_t at = Find(message, "authentication failure");
  if (at == string_view::npos) return false;
  string_view rest = message.substr(at + 22);
  ConsumePrefix(rest, "s");
  if (!ConsumePrefix(rest, ";")) return false;
  Add(event, "auth_method", "pam");
  Add(event, "outcome", "failure");
  string_view user, ruser, rhost;
  while (!rest.empty()) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    string_view pair = NextToken(rest);
    size_t equals = pair.find('=');
    if (equals == string_view::npos) continue;
    string_view key = pair.substr(0, equals);
    string_view value = pair.substr(equals + 1);
    if (key == "user") user = value;
    if (key == "ruser") ruser = value;
    if (key == "rhost") rhost = value;
  }
  if (!user.empty()) {
    Add(event, "user", user);
  } else if (!ruser.empty()) {
    Add(event, "user", ruser);
  }
  AddAddress(event, rhost);
  return true;
}

}  // namespace hikeshi::triage
