// Login rate limiting: caps failed password attempts per account and per client address, so
// neither one account's password nor many accounts from one address can be guessed quickly.
// In memory (a restart clears it), thread-safe, bounded memory.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.h"

namespace hikeshi::server {

struct LoginLimits {
  int failures_per_account = 5;   // within one window, then the account is locked
  int failures_per_address = 20;  // within one window, then the address is locked
  std::chrono::seconds window{15 * 60};
  size_t max_tracked_keys = 10'000;  // per kind; the oldest windows are forgotten first
};

// Counts failures in a fixed window that starts at the first failure and lasts `window`.
class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {});

  // How long the caller must wait before trying `account` from `address`; nullopt = go ahead.
  std::optional<std::chrono::seconds> RetryAfter(std::string_view account, std::string_view address,
                                                 Timestamp now);
  void RecordFailure(std::string_view account, std::string_view address, Timestamp now);
  // A correct password clears the account's failures (not the address's).
  void RecordSuccess(std::string_view account);

 private:
  struct Window {
    Timestamp started;
    int failures = 0;
  };
  using Windows = std::unordered_map<std::string, Window>;

  std::optional<std::chrono::seconds> Blocked(const Windows& windows, std::string_view key,
                                              int limit, Timestamp now) const;
  void Count(Windows& windows, std::string_view key, Timestamp now);
  void Prune(Windows& windows, Timestamp now);

  const LoginLimits limits_;
  std::mutex mutex_;
  Windows accounts_;   // guarded by mutex_
  Windows addresses_;  // guarded by mutex_
};

}  // namespace hikeshi::server
