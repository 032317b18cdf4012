#include "triage/sshd_session.h"

#include <string>
#include <string_view>

namespace hikeshi::triage {
namespace {

uint64_t Hash(std::string_view text, uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;  // FNV-1a
  return hash;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (value == name) return true;
  }
  return false;
}

}  // namespace

void SshdSessionContext::Observe(Event& event) {
  auto pid = event.Get("pid");
  auto outcome_field = event.Get("outcome");
  if (!pid || pid->empty() || !outcome_field) return;
  const std::string_view outcome = *outcome_field;
  uint64_t key = Hash(*pid, Hash(event.host)) | 1;
  Slot& slot = slots_[key % kSlots];
  // A new connection starts a new session (sshd reuses pids only then).
  if (slot.key != key || outcome == "connection") slot = Slot{.key = key};

  std::string_view ip = event.Get("src_ip").value_or("");
  std::string_view host = event.Get("src_host").value_or("");
  std::string_view source = ip.empty() ? host : ip;
  if (!source.empty() && source.size() <= slot.address.size()) {
    source.copy(slot.address.data(), source.size());
    slot.address_size = static_cast<uint8_t>(source.size());
    slot.address_is_ip = !ip.empty();
  }
  std::string_view user = event.Get("user").value_or("");
  bool pam = event.Get("pam_module").has_value();
  bool pam_step = pam && outcome == "failure";
  bool publickey_probe = event.Get("auth_method") == std::optional<std::string_view>("publickey") &&
                         !event.Get("user_invalid");
  bool counts_itself =
      !source.empty() && !pam && !publickey_probe &&
      OneOf(outcome, {"failure", "invalid-user", "max-attempts", "not-allowed", "refused"});
  bool session_end = OneOf(outcome, {"closed", "disconnected", "reset"});

  bool completes = false;
  if (slot.pending_pam && (pam_step || outcome == "success") && Hash(user) != slot.pam_user) {
    completes = true;  // another user: the earlier attempt failed
  }
  if (slot.pending_no_address && !source.empty() && session_end) completes = true;
  if (outcome == "too-many-failures" && !slot.counted) {
    if (slot.address_size > 0) {
      completes = true;
    } else {
      slot.pending_no_address = true;
    }
  }
  if (source.empty() && !slot.counted && OneOf(outcome, {"not-allowed", "invalid-user"})) {
    slot.pending_no_address = true;
  }
  if (completes) {
    event.fields.push_back({"session_failure", "true"});
    if (source.empty()) {
      std::string_view address(slot.address.data(), slot.address_size);
      event.fields.push_back(
          {slot.address_is_ip ? "src_ip" : "src_host", event.Own(std::string(address))});
    }
    slot.counted = true;
    slot.pending_no_address = false;
    slot.pending_pam = false;
  }
  if (counts_itself) {
    slot.counted = true;
    slot.pending_no_address = false;
  }
  if (pam_step) {
    slot.pending_pam = true;
    slot.pam_user = Hash(user);
  } else if (outcome == "success" || outcome == "failure") {
    slot.pending_pam = false;
  }
  if (session_end) slot = Slot{.key = key};
}

}  // namespace hikeshi::triage
