// The outbox: delivers approved notifications whose next attempt is due, by SMTP, on a thread
// of its own inside `serve`. It claims each one before sending, so several servers on one
// database do not both send it (but see the at-least-once window in doc/operations.md). Each
// pass handles at most max_per_pass notifications; stopping cancels a transfer in progress (the
// notification is retried later).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "coord/smtp_transport.h"
#include "server/coordination.h"
#include "store/store.h"

namespace hikeshi::server {

struct OutboxOptions {
  coord::SmtpOptions smtp;
  std::chrono::seconds interval{30};
  int max_per_pass = 20;
};

// How long a claimed notification stays this server's (Store::ClaimDueNotifications) when the
// SMTP transfer may take `smtp_timeout`: twice that and a minute, so only a dead or hung server
// loses its claim.
std::chrono::milliseconds ClaimLease(std::chrono::seconds smtp_timeout);

// One pass: claims due notifications one at a time (so a claim's lease covers one transfer,
// not a whole pass) and delivers each; at most max_per_pass. Among several servers on one
// database each notification goes to one of them (doc/operations.md). Returns how many were
// sent.
Result<int> DeliverDueOnce(Store& store, const NotifyOptions& notify,
                           coord::MailTransport& transport, const Clock& clock, int max_per_pass,
                           std::chrono::milliseconds lease = ClaimLease(std::chrono::seconds(60)));

class NotificationOutbox {
 public:
  NotificationOutbox(Store& store, NotifyOptions notify, OutboxOptions options, const Clock& clock);
  NotificationOutbox(const NotificationOutbox&) = delete;
  NotificationOutbox& operator=(const NotificationOutbox&) = delete;
  ~NotificationOutbox();

 private:
  void Run();

  Store& store_;
  const NotifyOptions notify_;
  const OutboxOptions options_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_ = false;  // also cancels a transfer in progress
  coord::SmtpTransport transport_;      // after stopping_: it watches the flag
  std::thread thread_;                  // last: starts after everything it uses exists
};

}  // namespace hikeshi::server
