#include "server/notification_outbox.h"

#include <fmt/format.h>

#include <cstdio>

#include "server/notification_flow.h"

namespace hikeshi::server {

std::chrono::milliseconds ClaimLease(std::chrono::seconds smtp_timeout) {
  return 2 * smtp_timeout + std::chrono::minutes(1);
}

Result<int> DeliverDueOnce(Store& store, const NotifyOptions& notify,
                           coord::MailTransport& transport, const Clock& clock, int max_per_pass,
                           std::chrono::milliseconds lease) {
  int sent = 0;
  for (int pass = 0; pass < max_per_pass; ++pass) {
    auto claimed = store.ClaimDueNotifications(lease, clock.Now(), 1);
    if (!claimed) return std::unexpected(claimed.error());
    if (claimed->empty()) break;  // nothing due, or every due one is claimed by another server
    int64_t id = claimed->front().id;
    auto delivered = DeliverNotification(store, notify, transport, id, clock.Now());
    if (!delivered) {
      std::fprintf(stderr, "hikeshi: notice #%lld: %s\n", static_cast<long long>(id),
                   delivered.error().message.c_str());
      continue;
    }
    if (delivered->state == "sent") ++sent;
  }
  return sent;
}

NotificationOutbox::NotificationOutbox(Store& store, NotifyOptions notify, OutboxOptions options,
                                       const Clock& clock)
    : store_(store),
      notify_(std::move(notify)),
      options_(std::move(options)),
      clock_(clock),
      transport_(options_.smtp, &stopping_),
      thread_([this] { Run(); }) {}

NotificationOutbox::~NotificationOutbox() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void NotificationOutbox::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto sent = DeliverDueOnce(store_, notify_, transport_, clock_, options_.max_per_pass,
                               ClaimLease(options_.smtp.timeout));
    if (!sent) {
      std::fprintf(stderr, "hikeshi: outbox: %s\n", sent.error().message.c_str());
    }
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_.load(); });
  }
}

}  // namespace hikeshi::server
