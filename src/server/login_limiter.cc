#include "server/login_limiter.h"

#include <algorithm>
#include <vector>

#include "core/incident.h"

namespace hikeshi::server {
namespace {

// Keys are capped so a client cannot make the limiter store megabytes per entry; no real user
// name or address is longer.
std::string_view KeyOf(std::string_view text) { return text.substr(0, kMaxUserNameBytes + 1); }

}  // namespace

LoginLimiter::LoginLimiter(LoginLimits limits) : limits_(limits) {}

std::optional<std::chrono::seconds> LoginLimiter::Blocked(const Windows& windows,
                                                          std::string_view key, int limit,
                                                          Timestamp now) const {
  auto found = windows.find(std::string(KeyOf(key)));
  if (found == windows.end()) return std::nullopt;
  const Window& window = found->second;
  Timestamp ends = window.started + limits_.window;
  if (now >= ends || window.failures < limit) return std::nullopt;
  auto left = std::chrono::ceil<std::chrono::seconds>(ends - now);
  return std::max(left, std::chrono::seconds{1});
}

std::optional<std::chrono::seconds> LoginLimiter::RetryAfter(std::string_view account,
                                                             std::string_view address,
                                                             Timestamp now) {
  std::lock_guard lock(mutex_);
  auto by_account = Blocked(accounts_, account, limits_.failures_per_account, now);
  auto by_address = Blocked(addresses_, address, limits_.failures_per_address, now);
  if (by_account && by_address) return std::max(*by_account, *by_address);
  return by_account ? by_account : by_address;
}

void LoginLimiter::Count(Windows& windows, std::string_view key, Timestamp now) {
  if (windows.size() >= limits_.max_tracked_keys) Prune(windows, now);
  Window& window = windows[std::string(KeyOf(key))];
  if (window.failures == 0 || now >= window.started + limits_.window) {
    window = Window{now, 0};
  }
  ++window.failures;
}

void LoginLimiter::RecordFailure(std::string_view account, std::string_view address,
                                 Timestamp now) {
  std::lock_guard lock(mutex_);
  Count(accounts_, account, now);
  Count(addresses_, address, now);
}

void LoginLimiter::RecordSuccess(std::string_view account) {
  std::lock_guard lock(mutex_);
  accounts_.erase(std::string(KeyOf(account)));
}

// Drops expired windows; if that frees too little, forgets the oldest half. Forgetting lets an
// attacker who controls thousands of addresses retry sooner, which the per-account limit bounds.
void LoginLimiter::Prune(Windows& windows, Timestamp now) {
  std::erase_if(windows,
                [&](const auto& entry) { return now >= entry.second.started + limits_.window; });
  if (windows.size() < limits_.max_tracked_keys * 3 / 4) return;
  std::vector<Timestamp> starts;
  starts.reserve(windows.size());
  for (const auto& [key, window] : windows) starts.push_back(window.started);
  auto middle = starts.begin() + static_cast<std::ptrdiff_t>(starts.size() / 2);
  std::nth_element(starts.begin(), middle, starts.end());
  Timestamp cutoff = *middle;
  std::erase_if(windows, [&](const auto& entry) { return entry.second.started <= cutoff; });
}

}  // namespace hikeshi::server
